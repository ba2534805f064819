"""What events adds to production pages (productions.extensions): the Schedule tab and the next
events on the overview. Registered in EventsConfig.ready()."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from productions.extensions import register_summary_section, register_tab

from .models import Event

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from productions.models import Production

NEXT_EVENTS = 5


def next_events(production: Production, user: User) -> list[Event]:
    """The production's next events the user may see, not cancelled, soonest first."""
    return list(
        Event.objects.visible_to(user)
        .active()
        .filter(production=production, ends_at__gte=timezone.now())
        .select_related("location__parent")  # a space is named with its venue
        .order_by("starts_at")[:NEXT_EVENTS]
    )


def next_events_json(events: list[Event]) -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "title": e.title,
            "starts_at": e.starts_at,
            "ends_at": e.ends_at,
            "location": str(e.location) if e.location_id else None,
        }
        for e in events
    ]


def register() -> None:
    from .views.production_tab import production_schedule

    register_tab("schedule", gettext_lazy("Schedule"), perm="events.view_event", position=20, view=production_schedule)
    register_summary_section("next_events", next_events, as_json=next_events_json, position=10)
