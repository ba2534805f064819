from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = gettext_lazy("Reports")

    def ready(self):
        from dragonfly.core.cleanup import register_step

        from .services import remove_expired_report_files

        register_step("report_files", "report files past retention", remove_expired_report_files)
