from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from locations.links import provide_venue_section

        from .display import venue_bookings

        provide_venue_section("events.bookings", venue_bookings)  # a venue's page lists what is booked there
