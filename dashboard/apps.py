from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = gettext_lazy("Dashboard")

    def ready(self):
        from dragonfly.core.navigation import provide_home_section

        from . import widgets  # noqa: F401  registers the widgets
        from .rendering import home_section

        provide_home_section("dashboard", home_section)
