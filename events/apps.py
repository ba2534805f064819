from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = gettext_lazy("Events")

    def ready(self):
        from dragonfly.accounts.onboarding import register_step

        from .models import CalendarFeed

        def calendar_connected(user, workspace):
            # A calendar app has fetched the user's feed address at least once.
            return CalendarFeed.objects.filter(user=user, last_used_at__isnull=False).exists()

        register_step(
            "calendar", gettext_lazy("Connect a calendar"), calendar_connected, "events:feed_settings", order=40
        )

        from locations.links import provide_venue_section

        from .display import venue_bookings

        provide_venue_section("events.bookings", venue_bookings)  # a venue's page lists what is booked there

        from . import extensions, notifications, outages  # noqa: F401 (they subscribe to domain events)
        from .broadcasts import register_audiences

        register_audiences()  # an event's and a production's crew can be sent a broadcast
        extensions.register()  # the Schedule tab and the next events of production pages
