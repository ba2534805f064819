from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = gettext_lazy("Jobs")

    def ready(self):
        from . import extensions, notifications  # noqa: F401 (notifications registers the subscribers)

        extensions.register()  # a signed contract's rate for time entries and draft invoices
