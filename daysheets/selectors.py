"""What a day sheet shows, read once for the page, its PDF and the API alike.

A day sheet is one production's day: the events of that production whose start falls on that date
in their own (venue) time zone. Who reads it:

- whoever may see one of the day's events (`Event.objects.visible_to`), and
- whoever is called on one of them (a crew call), whatever their role: the sheet is what they work from.

Each section then shows what its reader may see: the whole crew with `events.view_crewcall`, else
their own call; the run of show with `events.view_cue` or a call that day; the venue's load-in,
parking, power and contacts with `locations.view_location` or a call that day; the production's
contacts with `productions.view_production` or a call that day; the advances, to whoever may view
advances in the production's workspace, through `Advance.objects.visible_to`: line by line, those
of the day's events (an advance names its show day, `Advance.event`) and, apart, those of the
production that name no day ("for the whole production"); another day's advances are not this
sheet's. A reader who may see none of the day's events and is called on none of them gets nothing
(the page answers 404).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from advancing.models import Advance, AdvanceItem, AdvanceStatus
from events.models import CrewCall, Cue, Event, EventStatus
from events.services.run_of_show import ScheduledCue, run_of_show

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from locations.models import Location
    from productions.models import Production

# An event's local day can start up to 14 hours before and end 12 hours after the UTC day.
ZONE_SPREAD = datetime.timedelta(hours=14)
UPCOMING_DAYS = 14
MAX_SHEETS = 60
MAX_LINES = 50
# Advance lines whose catalog category is hotel or travel (the catalog's own names, not translated).
TRAVEL_CATEGORIES = ("Accommodation", "Hospitality", "Transportation", "Travel")
# Advances that will not happen: their lines are left off the sheet (the counts still say so).
CLOSED_ADVANCE_STATUSES = (AdvanceStatus.REJECTED, AdvanceStatus.CANCELLED)
BOOKED_ADVANCE_STATUSES = (AdvanceStatus.APPROVED, AdvanceStatus.IN_PROGRESS, AdvanceStatus.FULFILLED)


def local_day(event: Event) -> datetime.date:
    return event.local_start.date()


def day_window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """UTC bounds wide enough for every zone's `day`: the local-date filter narrows it after."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    return start - ZONE_SPREAD, start + datetime.timedelta(days=1) + ZONE_SPREAD


def _readable_events(user: User) -> QuerySet[Event]:
    """Events the user may see or is called on (one query with two subqueries), not cancelled."""
    return (
        Event.objects.filter(
            Q(pk__in=Event.objects.visible_to(user).values("pk"))
            | Q(pk__in=CrewCall.objects.filter(user=user).values("event_id"))
        )
        .exclude(status=EventStatus.CANCELLED)
        .filter(production__isnull=False)
    )


def sheet_filename(production: Production, day: datetime.date) -> str:
    """The PDF's name: the same for the same sheet, whoever downloads it."""
    name = slugify(production.code or production.name)[:40] or f"production-{production.pk}"
    return f"day-sheet-{name}-{day.isoformat()}.pdf"


# --- the list ----------------------------------------------------------------------------------
@dataclass
class SheetSummary:
    production: Production
    day: datetime.date
    events: list[Event] = field(default_factory=list)
    called: bool = False

    @property
    def venues(self) -> list[str]:
        return list(dict.fromkeys(str(e.location) for e in self.events if e.location_id))

    @property
    def first_start(self) -> datetime.datetime:
        return self.events[0].starts_at


def upcoming_sheets(
    user: User, *, now: datetime.datetime | None = None, days: int = UPCOMING_DAYS, production: Production | None = None
) -> list[SheetSummary]:
    """The day sheets of the next `days` days (today's included) the user may read, soonest first:
    two queries whatever the number of events."""
    now = now or timezone.now()
    events = (
        _readable_events(user)
        .filter(starts_at__gte=now - datetime.timedelta(days=1), starts_at__lt=now + datetime.timedelta(days=days))
        .select_related("production", "location", "location__parent")
        .order_by("starts_at", "id")
    )
    if production is not None:
        events = events.filter(production=production)
    events_list = list(events[: MAX_SHEETS * 4])
    called = set(
        CrewCall.objects.filter(user=user, event__in=[e.pk for e in events_list]).values_list("event_id", flat=True)
    )
    sheets: dict[tuple[int, datetime.date], SheetSummary] = {}
    for event in events_list:
        day = local_day(event)
        if event.production is None or day < timezone.localdate(now, event.tz):
            continue  # a past day (in the venue's zone)
        sheet = sheets.setdefault((event.production.pk, day), SheetSummary(event.production, day))
        sheet.events.append(event)
        sheet.called = sheet.called or event.pk in called
    return sorted(sheets.values(), key=lambda s: (s.day, s.first_start))[:MAX_SHEETS]


# --- one sheet ---------------------------------------------------------------------------------
@dataclass
class SheetEvent:
    event: Event
    calls: list[CrewCall]
    cues: list[ScheduledCue] | None  # None: the reader may not see the run of show
    can_view_crew: bool
    can_open: bool  # the event's own page is theirs to open (a call alone shows the sheet, not the page)


@dataclass
class SheetVenue:
    location: Location
    site: Location  # the venue a stage or room is part of, else the location itself
    details: bool  # load-in, parking, power and contacts shown

    def _first(self, name: str) -> str:
        return getattr(self.location, name) or getattr(self.site, name)

    @property
    def address(self) -> str:
        return self._first("address")

    @property
    def city(self) -> str:
        return self._first("city")

    @property
    def loading_dock(self) -> str:
        return self._first("loading_dock")

    @property
    def parking(self) -> str:
        return self._first("parking")

    @property
    def power(self) -> str:
        return self._first("power")

    @property
    def contacts(self) -> list[str]:
        return self.location.contact_lines() or self.site.contact_lines()


@dataclass
class DaySheet:
    production: Production
    day: datetime.date
    events: list[SheetEvent]
    venues: list[SheetVenue]
    my_calls: list[CrewCall]
    advance_counts: list[tuple[str, str, int]]  # (status, label, count)
    day_lines: list[AdvanceItem]  # the lines of the advances for this day's events
    production_lines: list[AdvanceItem]  # the lines of the production's advances naming no show day
    travel_lines: list[AdvanceItem]
    sees_advances: bool  # the reader may view advances here: the section is shown (maybe empty)
    sees_contacts: bool  # the production's contacts: who may see the production, or is called that day

    @property
    def filename(self) -> str:
        return sheet_filename(self.production, self.day)

    @property
    def workspace(self) -> Any:
        return self.production.workspace

    @property
    def manager(self) -> Any:
        return self.production.production_manager if self.sees_contacts else None


def day_sheet(user: User, production_id: int, day: datetime.date) -> DaySheet | None:
    """The sheet of one production's day as `user` may read it; None when they may read none of it."""
    low, high = day_window(day)
    candidates = (
        _readable_events(user)
        .filter(production_id=production_id, starts_at__gte=low, starts_at__lt=high)
        .select_related(
            "production",
            "production__production_manager",
            "production__workspace__organization",
            "workspace__organization",
            "location__workspace",
            "location__parent",
            "zone",
        )
        .order_by("starts_at", "id")
    )
    events = [e for e in candidates if local_day(e) == day]
    if not events:
        return None
    production = events[0].production
    if production is None:  # filtered on production_id; this narrows the type
        return None
    ids = [e.pk for e in events]
    visible = set(Event.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    calls_by_event: dict[int, list[CrewCall]] = defaultdict(list)
    for call in CrewCall.objects.filter(event_id__in=ids).select_related("user", "zone").order_by("call_time", "id"):
        calls_by_event[call.event_id].append(call)
    my_calls = [c for e in events for c in calls_by_event[e.pk] if c.user_id == user.pk]
    called = bool(my_calls)
    cues_by_event: dict[int, list[Cue]] = defaultdict(list)
    for cue in Cue.objects.filter(event_id__in=ids).order_by("position", "id"):
        cues_by_event[cue.event_id].append(cue)
    sheet_events = []
    for event in events:
        can_view_crew = user.has_perm("events.view_crewcall", event)
        calls = calls_by_event[event.pk]
        sheet_events.append(
            SheetEvent(
                event=event,
                calls=calls if can_view_crew else [c for c in calls if c.user_id == user.pk],
                cues=run_of_show(event, cues_by_event[event.pk])
                if called or user.has_perm("events.view_cue", event)
                else None,
                can_view_crew=can_view_crew,
                can_open=event.pk in visible,
            )
        )
    venues: dict[int, SheetVenue] = {}
    for event in events:
        location = event.location
        if location is None or location.pk in venues:
            continue
        venues[location.pk] = SheetVenue(
            location=location,
            site=location.parent or location,
            details=called or user.has_perm("locations.view_location", location),
        )
    sees_advances = user.has_perm("advancing.view_advance", production.workspace)
    advance_counts: list[tuple[str, str, int]] = []
    day_lines: list[AdvanceItem] = []
    production_lines: list[AdvanceItem] = []
    travel_lines: list[AdvanceItem] = []
    if sees_advances:
        # This day's advances and the whole production's; another day's are that day's sheet's.
        advances = Advance.objects.visible_to(user).filter(
            Q(event_id__in=ids) | Q(event__isnull=True), production_id=production.pk
        )
        labels = dict(AdvanceStatus.choices)
        counts = Counter(dict(advances.order_by().values_list("status").annotate(n=Count("pk"))))
        advance_counts = [(status, str(labels[status]), counts[status]) for status in labels if counts.get(status)]
        lines = AdvanceItem.objects.filter(advance__in=advances.values("pk")).select_related(
            "advance", "advance__event", "catalog_item"
        )
        listed = lines.exclude(advance__status__in=CLOSED_ADVANCE_STATUSES).order_by("advance_id", "position", "id")
        day_lines = list(listed.filter(advance__event_id__in=ids)[:MAX_LINES])
        production_lines = list(listed.filter(advance__event__isnull=True)[:MAX_LINES])
        travel_lines = list(
            lines.filter(
                advance__status__in=BOOKED_ADVANCE_STATUSES, catalog_item__category__in=TRAVEL_CATEGORIES
            ).order_by("catalog_item__category", "advance_id", "position", "id")[:MAX_LINES]
        )
    return DaySheet(
        production=production,
        day=day,
        events=sheet_events,
        venues=list(venues.values()),
        my_calls=my_calls,
        advance_counts=advance_counts,
        day_lines=day_lines,
        production_lines=production_lines,
        travel_lines=travel_lines,
        sees_advances=sees_advances,
        sees_contacts=called or user.has_perm("productions.view_production", production),
    )


def sheet_as_json(sheet: DaySheet) -> dict[str, Any]:
    """The API's answer: the same sections as the page, times in ISO 8601 (UTC) with each event's zone."""
    return {
        "production": {"id": sheet.production.pk, "name": sheet.production.name},
        "day": sheet.day.isoformat(),
        "filename": sheet.filename,
        "events": [
            {
                "id": item.event.pk,
                "title": item.event.title,
                "kind": item.event.kind,
                "status": item.event.status,
                "starts_at": item.event.starts_at.isoformat(),
                "ends_at": item.event.ends_at.isoformat(),
                "timezone": item.event.timezone,
                "location_id": item.event.location_id,
                "crew_calls": [
                    {
                        "id": call.pk,
                        "user": call.user.get_full_name() or call.user.get_username(),
                        "role": call.role_title,
                        "call_time": call.call_time.isoformat(),
                        "zone": call.zone.name if call.zone_id and call.zone else None,
                        "notes": call.notes,
                    }
                    for call in item.calls
                ],
                "run_of_show": None
                if item.cues is None
                else [
                    {
                        "number": s.number,
                        "item": s.cue.item,
                        "starts_at": s.starts_at.isoformat(),
                        "ends_at": s.ends_at.isoformat(),
                        "owner": s.cue.owner,
                        "department": s.cue.department,
                    }
                    for s in item.cues
                ],
            }
            for item in sheet.events
        ],
        "venues": [
            {
                "id": venue.location.pk,
                "name": str(venue.location),
                "address": venue.address,
                "city": venue.city,
                "timezone": venue.location.timezone,
                **(
                    {
                        "loading_dock": venue.loading_dock,
                        "parking": venue.parking,
                        "power": venue.power,
                        "contacts": venue.contacts,
                    }
                    if venue.details
                    else {}
                ),
            }
            for venue in sheet.venues
        ],
        "advances": {
            "by_status": {status: count for status, _label, count in sheet.advance_counts},
            "day_lines": [_line_json(line) for line in sheet.day_lines],
            "production_lines": [_line_json(line) for line in sheet.production_lines],
        }
        if sheet.sees_advances
        else None,
        "hotel_and_travel": [_line_json(line) for line in sheet.travel_lines],
        "contacts": {
            "production_manager": (
                {"name": sheet.manager.get_full_name() or sheet.manager.get_username(), "email": sheet.manager.email}
                if sheet.manager
                else None
            ),
            "venues": {str(v.location): v.contacts for v in sheet.venues if v.details},
        },
    }


def _line_json(line: AdvanceItem) -> dict[str, Any]:
    return {
        "id": line.pk,
        "advance_id": line.advance_id,
        "advance": line.advance.activation_name,
        "advance_status": line.advance.status,
        "event_id": line.advance.event_id,
        "name": line.name,
        "category": line.catalog_item.category if line.catalog_item_id and line.catalog_item else None,
        "quantity": str(line.quantity_to_fulfil),
        "quantity_fulfilled": str(line.quantity_fulfilled),
        "unit": line.unit,
        "fulfilment_status": line.fulfilment_status,
        "notes": line.notes,
    }
