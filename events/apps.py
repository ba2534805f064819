from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from . import extensions, notifications  # noqa: F401 (notifications subscribe to incident.* events)

        extensions.register()  # the Schedule tab and the next events of production pages
