from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = gettext_lazy("Resources")

    def ready(self) -> None:
        # Grant deadlines join the events module's 09:00 run (events never imports resources).
        from events.reminders import register_daily

        from .reminders import send_grant_reminders

        register_daily(send_grant_reminders)
