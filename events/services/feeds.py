"""ICS calendar feeds, built with the icalendar library.

A personal feed lists the events a user works on (booked as crew, or on a production they
manage or are on the team of); a production feed lists one production's events. Both are
read through Event.objects.visible_to(user), so an event the user may not see never
appears, and both are reached with the user's secret, revocable feed token.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from ..models import CalendarFeed, CrewCall, Event, EventStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from locations.models import Location
    from productions.models import Production

FEED_PAST = datetime.timedelta(days=60)
FEED_FUTURE = datetime.timedelta(days=550)
FEED_LIMIT = 2000
ICS_STATUS = {
    EventStatus.TENTATIVE: "TENTATIVE",
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def issue_feed_token(*, actor: User) -> str:
    """A new secret address for the user's feeds; any older one stops working. Returns the token."""
    token = CalendarFeed.new_token()
    with transaction.atomic():
        CalendarFeed.objects.filter(user=actor).delete()
        CalendarFeed.objects.create(user=actor, token_hash=_hash(token), hint=token[-4:])
    return token


def revoke_feed_token(*, actor: User) -> bool:
    deleted, _by_model = CalendarFeed.objects.filter(user=actor).delete()
    return bool(deleted)


def feed_for_token(token: str) -> CalendarFeed | None:
    feed = CalendarFeed.objects.for_token(token)
    if feed is not None and (
        feed.last_used_at is None or timezone.now() - feed.last_used_at > datetime.timedelta(hours=1)
    ):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


def _hash(token: str) -> str:
    from ..models import hash_token

    return hash_token(token)


def _window(queryset: QuerySet[Event], now: datetime.datetime) -> QuerySet[Event]:
    return queryset.filter(starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_FUTURE)


def personal_feed_events(user: User, *, now: datetime.datetime | None = None) -> list[Event]:
    from productions.models import TeamMember

    now = now or timezone.now()
    mine = (
        Exists(CrewCall.objects.filter(event=OuterRef("pk"), user=user))
        | Q(production__production_manager=user)
        | Exists(TeamMember.objects.filter(production=OuterRef("production"), user=user))
    )
    events = _window(Event.objects.visible_to(user), now).filter(mine)
    return list(events.select_related("location", "production", "workspace").order_by("starts_at", "id")[:FEED_LIMIT])


def production_feed_events(production: Production, user: User, *, now: datetime.datetime | None = None) -> list[Event]:
    now = now or timezone.now()
    events = _window(Event.objects.visible_to(user), now).filter(production=production)
    return list(events.select_related("location", "production", "workspace").order_by("starts_at", "id")[:FEED_LIMIT])


def venue_feed_events(location: Location, user: User, *, now: datetime.datetime | None = None) -> list[Event]:
    """What holds a venue or facility: events booked into it, into the venue it is in, or into its spaces."""
    now = now or timezone.now()
    events = _window(Event.objects.visible_to(user), now).filter(location_id__in=location.clash_ids())
    return list(events.select_related("location", "production", "workspace").order_by("starts_at", "id")[:FEED_LIMIT])


def build_calendar(events: Sequence[Event], *, name: str, user: User | None = None, base_url: str = "") -> bytes:
    """The ICS text of `events`; times in UTC, each occurrence its own VEVENT."""
    calls: dict[int, CrewCall] = {}
    if user is not None and events:
        calls = {c.event_id: c for c in CrewCall.objects.filter(user=user, event_id__in=[e.pk for e in events])}
    calendar = Calendar()
    calendar.add("prodid", "-//Dragonfly//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for event in events:
        item = VEvent()
        item.add("uid", f"event-{event.pk}@dragonfly")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        item.add("dtend", event.ends_at.astimezone(datetime.UTC))
        item.add("summary", event.title)
        item.add("status", ICS_STATUS[EventStatus(event.status)])
        item.add("categories", [event.get_kind_display()])
        item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
        item.add("sequence", int(event.updated_at.timestamp()) % 2_000_000_000)
        location, production = event.location, event.production  # fetched with the events
        if location is not None:
            place = ", ".join(filter(None, [str(location), location.address.replace("\n", ", "), location.city]))
            item.add("location", place)
        lines = [f"{event.get_kind_display()} · {event.workspace.name}"]
        if production is not None:
            lines.append(_("Production: %(name)s") % {"name": production.name})
        call = calls.get(event.pk)
        if call is not None:
            local = call.call_time.astimezone(event.tz)
            role = _(" as %(role)s") % {"role": call.role_title} if call.role_title else ""
            lines.append(
                _("Your call%(role)s: %(time)s (%(zone)s)")
                % {"role": role, "time": format(local, "%H:%M"), "zone": event.timezone}
            )
        if event.description:
            lines.append(event.description)
        item.add("description", "\n".join(lines))
        if base_url:
            item.add("url", f"{base_url}/events/event/{event.pk}/")
        calendar.add_component(item)
    return calendar.to_ical()
