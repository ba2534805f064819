from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from locations.links import provide_venue_section

        from .display import venue_bookings

        provide_venue_section("events.bookings", venue_bookings)  # a venue's page lists what is booked there

        from . import extensions, notifications  # noqa: F401 (notifications subscribe to incident.* events)

        extensions.register()  # the Schedule tab and the next events of production pages
