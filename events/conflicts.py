"""Schedule conflicts (the platform spec's check_schedule_conflict).

Hard: the same venue or facility booked at overlapping times (a venue and the stages inside it
clash with each other, two different stages do not), or the same person booked twice.
Soft: a person's next booking starts before they can get there from the last one, and a venue
clash in a workspace whose booking rule says warn rather than refuse (locations.services.clash_policy).

Every check is a bounded range query on an index: (location, starts_at, ends_at) for venues,
(user, booked_from, booked_until) for people. Times are compared as instants, so events
entered in different timezones compare correctly; a booking that ends exactly when the next
one starts does not clash.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from dragonfly.core.formatting import duration
from dragonfly.tenancy.access import display_name, org_timezone
from locations.models import ClashPolicy
from locations.services import clash_policy

from .models import MAX_CALL_LEAD, MAX_EVENT_DURATION, CrewCall, Event, EventStatus

HARD, SOFT = "hard", "soft"
# Travel between venues: straight-line distance at this speed, plus time to get out and in.
TRAVEL_SPEED_KMH = 60
TRAVEL_BUFFER = datetime.timedelta(minutes=30)
# Between spaces of the same venue (walking from one stage to another).
SAME_VENUE_TRAVEL = datetime.timedelta(minutes=10)
# Between venues whose distance is not known (no coordinates on one of them).
UNKNOWN_TRAVEL = datetime.timedelta(hours=1)
# How far around a booking the travel check looks for the previous and the next one.
TRAVEL_WINDOW = datetime.timedelta(hours=12)
MAX_SHOWN = 20


@dataclass
class Clash:
    severity: str  # "hard" or "soft"
    kind: str  # "location", "person" or "travel"
    message: str
    event_id: int | None = None  # None when the viewer may not see the other event
    event_title: str = ""
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    person: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "severity": self.severity,
            "kind": self.kind,
            "message": self.message,
            "event": self.event_id,
            "event_title": self.event_title,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "person": self.person,
        }


def check_schedule_conflict(
    *, workspace, starts_at, ends_at, location=None, people=(), calls=None, exclude=(), viewer=None, venue=True
):
    """Clashes of a booking [starts_at, ends_at) at `location` for `people`, hard ones first.

    `calls` maps user id → call time (a person is booked from their call to the end).
    `exclude` holds event ids not to compare with (the event being edited, its own series).
    `venue=False` checks only the people (adding crew to an event already at its venue).
    Clashes with events the viewer may not see are reported without their title."""
    exclude = {pk for pk in exclude if pk}
    clashes = []
    if location is not None and venue:
        clashes += _venue_clashes(location, starts_at, ends_at, exclude, viewer)
    people = [p for p in people if p is not None]
    if people:
        clashes += _person_clashes(workspace, people, calls or {}, starts_at, ends_at, location, exclude, viewer)
    clashes.sort(key=lambda c: (c.severity != HARD, c.starts_at or starts_at))
    return clashes


def has_hard(clashes):
    return any(c.severity == HARD for c in clashes)


def _visible_ids(viewer, events):
    if viewer is None:
        return {e.pk for e in events}
    ids = [e.pk for e in events]
    return set(Event.objects.visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def _when(event):
    start, end = event.local_start, event.local_end
    same_day = start.date() == end.date()
    end_text = formats.time_format(end, "H:i") if same_day else formats.date_format(end, "D j M H:i")
    return f"{formats.date_format(start, 'D j M H:i')}–{end_text} ({event.timezone})"


def _venue_clashes(location, starts_at, ends_at, exclude, viewer):
    others = list(
        Event.objects.active()
        .overlapping(starts_at, ends_at)
        .filter(location_id__in=location.clash_ids())
        .exclude(pk__in=exclude)
        .select_related("location", "location__parent")
        .order_by("starts_at")[:MAX_SHOWN]
    )
    visible = _visible_ids(viewer, others)
    severity = venue_clash_severity(location.workspace_id) if others else HARD  # asked only when needed
    clashes = []
    for other in others:
        where = str(location)
        if other.location_id != location.pk:
            where = _("%(location)s (shares space with %(other)s)") % {"location": location, "other": other.location}
        what = f"“{other.title}”" if other.pk in visible else _("another event you cannot see")
        tentative = _(" (tentative)") if other.status == EventStatus.TENTATIVE else ""
        clashes.append(
            Clash(
                severity,
                "location",
                _("%(where)s is already booked for %(what)s%(tentative)s, %(when)s.")
                % {"where": where, "what": what, "tentative": tentative, "when": _when(other)},
                event_id=other.pk if other.pk in visible else None,
                event_title=other.title if other.pk in visible else "",
                starts_at=other.starts_at,
                ends_at=other.ends_at,
            )
        )
    return clashes


def venue_clash_severity(workspace_id):
    """A double-booked venue or facility is refused (hard) unless the workspace's rule says warn."""
    return SOFT if clash_policy(workspace_id) == ClashPolicy.WARN else HARD


def _person_clashes(workspace, people, calls, starts_at, ends_at, location, exclude, viewer):
    org_id = workspace.organization_id
    by_id = {p.pk: p for p in people}
    booked = {pk: min(calls.get(pk) or starts_at, starts_at) for pk in by_id}
    earliest = min(booked.values())
    longest = MAX_EVENT_DURATION + MAX_CALL_LEAD
    base = (
        CrewCall.objects.filter(user_id__in=list(by_id), event__workspace__organization_id=org_id)
        .exclude(event_id__in=exclude)
        .exclude(event__status=EventStatus.CANCELLED)
        .select_related("event", "event__location", "event__location__parent")
    )
    # Overlapping bookings: a bounded range over (user, booked_from).
    overlapping = list(
        base.filter(booked_from__lt=ends_at, booked_until__gt=earliest, booked_from__gt=earliest - longest).order_by(
            "booked_from"
        )[:MAX_SHOWN]
    )
    # Bookings just before and just after, for the travel check.
    before = list(
        base.filter(
            booked_until__lte=earliest,
            booked_until__gt=earliest - TRAVEL_WINDOW,
            booked_from__gt=earliest - TRAVEL_WINDOW - longest,
        ).order_by("-booked_until")[:MAX_SHOWN]
    )
    after = list(
        base.filter(booked_from__gte=ends_at, booked_from__lt=ends_at + TRAVEL_WINDOW).order_by("booked_from")[
            :MAX_SHOWN
        ]
    )
    visible = _visible_ids(viewer, [c.event for c in overlapping + before + after])
    clashes = []
    for call in overlapping:
        if call.booked_until <= booked[call.user_id]:
            continue  # ends before this person's own call
        person = display_name(by_id[call.user_id])
        what = f"“{call.event.title}”" if call.event_id in visible else _("another event you cannot see")
        clashes.append(
            Clash(
                HARD,
                "person",
                _("%(person)s is already booked on %(what)s, %(when)s.")
                % {"person": person, "what": what, "when": _when(call.event)},
                event_id=call.event_id if call.event_id in visible else None,
                event_title=call.event.title if call.event_id in visible else "",
                starts_at=call.event.starts_at,
                ends_at=call.event.ends_at,
                person=person,
            )
        )
    if location is None:
        return clashes
    seen = set()
    for call in before:
        if call.user_id in seen or call.booked_until > booked[call.user_id]:
            continue
        seen.add(call.user_id)
        gap = booked[call.user_id] - call.booked_until
        clashes += _travel(call, gap, call.event.location, location, by_id, visible, "after")
    seen = set()
    for call in after:
        if call.user_id in seen:
            continue
        seen.add(call.user_id)
        gap = call.booked_from - ends_at
        clashes += _travel(call, gap, location, call.event.location, by_id, visible, "before")
    return clashes


def _travel(call, gap, origin, destination, by_id, visible, order):
    needed = travel_time(origin, destination)
    if needed is None or gap >= needed:
        return []
    person = display_name(by_id[call.user_id])
    what = f"“{call.event.title}”" if call.event_id in visible else _("another booking")
    return [
        Clash(
            SOFT,
            "travel",
            (
                _(
                    "%(person)s has %(gap)s between this and %(what)s at %(venue)s (after it); "
                    "getting from %(origin)s to %(destination)s takes about %(needed)s."
                )
                if order == "after"
                else _(
                    "%(person)s has %(gap)s between this and %(what)s at %(venue)s (before it); "
                    "getting from %(origin)s to %(destination)s takes about %(needed)s."
                )
            )
            % {
                "person": person,
                "gap": duration(gap),
                "what": what,
                "venue": call.event.location,
                "origin": origin,
                "destination": destination,
                "needed": duration(needed),
            },
            event_id=call.event_id if call.event_id in visible else None,
            event_title=call.event.title if call.event_id in visible else "",
            starts_at=call.event.starts_at,
            ends_at=call.event.ends_at,
            person=person,
            extra={"gap_minutes": int(gap.total_seconds() // 60), "needed_minutes": int(needed.total_seconds() // 60)},
        )
    ]


def travel_time(origin, destination):
    """How long to get from one location to another, or None when either is unknown."""
    if origin is None or destination is None:
        return None
    if origin.pk == destination.pk:
        return datetime.timedelta(0)
    if (origin.parent_id or origin.pk) == (destination.parent_id or destination.pk):
        return SAME_VENUE_TRAVEL
    a, b = _coordinates(origin), _coordinates(destination)
    if a is None or b is None:
        return UNKNOWN_TRAVEL
    km = haversine_km(a, b)
    return datetime.timedelta(hours=km / TRAVEL_SPEED_KMH) + TRAVEL_BUFFER


def _coordinates(location):
    place = location.parent if location.parent_id and location.latitude is None else location
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return float(place.latitude), float(place.longitude)


def haversine_km(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# --- the workspace's conflicts page --------------------------------------------------------------
@dataclass
class ClashPair:
    severity: str
    kind: str
    first: Event
    second: Event
    detail: str


def conflict_range(workspace, *, user, today):
    """The days the conflicts page covers by default: from today to the last day of the workspace's
    last upcoming event (a clash months ahead is still a clash), or just today when none is planned."""
    tz = org_timezone(workspace)
    last = (
        Event.objects.visible_to(user)
        .in_workspace(workspace)
        .active()
        .filter(ends_at__gt=timezone.now())
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    return today, max(today, last.astimezone(tz).date()) if last else today


def workspace_conflicts(workspace, *, user, start, end, limit=200):
    """Clashing pairs among the workspace's events in [start, end) the user can see.

    One indexed query reads the window's events, one its crew calls; a sweep over each
    venue's and each person's bookings (sorted by start) finds the overlaps."""
    events = list(
        Event.objects.visible_to(user)
        .in_workspace(workspace)
        .active()
        .overlapping(start, end)
        .select_related("location", "location__parent", "production")
        .order_by("starts_at", "id")
    )
    pairs = []
    by_venue = {}
    for event in events:
        if event.location_id:
            root = event.location.parent_id or event.location_id
            by_venue.setdefault(root, []).append(event)
    severity = venue_clash_severity(workspace.pk)
    for bookings in by_venue.values():
        for a, b in _sweep(bookings, lambda e: (e.starts_at, e.ends_at)):
            if locations_clash(a.location, b.location):
                where = (
                    a.location
                    if a.location_id == b.location_id
                    else _("%(first)s and %(second)s") % {"first": a.location, "second": b.location}
                )
                pairs.append(ClashPair(severity, "location", a, b, _("Both at %(where)s") % {"where": where}))
    ids = {e.pk: e for e in events}
    calls = (
        list(CrewCall.objects.filter(event_id__in=list(ids)).select_related("user").order_by("booked_from", "id"))
        if ids
        else []
    )
    by_person = {}
    for call in calls:
        by_person.setdefault(call.user_id, []).append(call)
    for person_calls in by_person.values():
        for a, b in _sweep(person_calls, lambda c: (c.booked_from, c.booked_until)):
            pairs.append(
                ClashPair(
                    HARD,
                    "person",
                    ids[a.event_id],
                    ids[b.event_id],
                    _("%(person)s is booked on both") % {"person": display_name(a.user)},
                )
            )
    pairs.sort(key=lambda p: (p.first.starts_at, p.second.starts_at))
    return pairs[:limit]


def locations_clash(a, b):
    """The same space, or a venue and a space inside it (two different stages do not clash)."""
    return a.pk == b.pk or a.parent_id == b.pk or b.parent_id == a.pk


def _sweep(items, period):
    """Overlapping pairs among items sorted by start: each compared only with the still-open ones."""
    items = sorted(items, key=lambda i: period(i)[0])
    open_items = []
    for item in items:
        start, end = period(item)
        open_items = [o for o in open_items if period(o)[1] > start]
        for other in open_items:
            yield other, item
        open_items.append(item)
