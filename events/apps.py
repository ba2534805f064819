from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from . import notifications  # noqa: F401 (subscribes to incident.reported and incident.escalated)
