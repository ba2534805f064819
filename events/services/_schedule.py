"""What the schedule services share (single events, series, crew): what a save reports, the
fields an event takes and how they are checked, call offsets and clash bookkeeping."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import formats
from django.utils.translation import gettext as _

from locations.errors import LocationInvalid
from locations.models import Location
from locations.services import check_zone

from ..conflicts import Clash, check_schedule_conflict
from ..errors import EventInvalid
from ..models import MAX_CALL_LEAD, MAX_EVENT_DURATION, CrewCall, Event, EventKind, EventSeries, EventStatus
from ._common import aware, check_choice, clean_text, workspace_zone, zone

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KEEP: Any = object()  # "leave this field as it is" (a keyword argument not passed)
SCOPES = ("this", "following", "all")
EVENT_FIELDS = (
    "title",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "timezone",
    "location",
    "zone",
    "production",
    "description",
)
# What a series edit copies onto every occurrence (times are placed per occurrence).
SHARED_FIELDS = ("title", "kind", "status", "timezone", "location", "zone", "production", "description")


@dataclass
class Saved:
    """What a save did: the event, the clashes it was saved with, how many occurrences changed."""

    event: Event
    clashes: list[Clash] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0


def apply_fields(event: Event, fields: Mapping[str, Any], *, actor: User) -> None:
    """Check and set an event's fields; the timezone follows the venue unless one is given."""
    from productions.models import Production

    workspace = event.workspace
    if "title" in fields:
        event.title = clean_text(fields["title"], _("event's title"), max_length=200, required=True)
    if "kind" in fields:
        event.kind = check_choice(fields["kind"], EventKind, _("kind of event"))
    if "status" in fields:
        event.status = check_choice(fields["status"], EventStatus, "status")
    if "description" in fields:
        event.description = clean_text(fields["description"], _("description"), max_length=20000)
    if "location" in fields:
        location = fields["location"]
        if (
            location is not None
            and not Location.objects.visible_to(actor).filter(pk=location.pk, workspace=workspace).exists()
        ):
            raise EventInvalid(_("Pick a venue of this workspace."))
        event.location = location
    if "zone" in fields:
        try:
            event.zone = check_zone(fields["zone"], workspace=workspace, actor=actor)
        except LocationInvalid as exc:
            raise EventInvalid(str(exc)) from None
    if "production" in fields:
        production = fields["production"]
        if (
            production is not None
            and not Production.objects.visible_to(actor).filter(pk=production.pk, workspace=workspace).exists()
        ):
            raise EventInvalid(_("Pick a production of this workspace."))
        event.production = production
    named = zone(fields.get("timezone"))
    if named is not None:
        event.timezone = named.key
    elif "location" in fields or not event.pk:
        event.timezone = event.location.timezone if event.location else workspace_zone(workspace).key
    if fields.get("starts_at") is not None:
        event.starts_at = aware(fields["starts_at"], _("start"))
    if fields.get("ends_at") is not None:
        event.ends_at = aware(fields["ends_at"], _("end"))
    if event.starts_at is None or event.ends_at is None:
        raise EventInvalid(_("Give the event a start and an end."))
    if event.ends_at <= event.starts_at:
        raise EventInvalid(_("The event must end after it starts."))
    if event.ends_at - event.starts_at > MAX_EVENT_DURATION:
        raise EventInvalid(
            _("An event lasts at most %(days)s days; split a longer run into several events.")
            % {"days": MAX_EVENT_DURATION.days}
        )


def original_start(occurrence: Event) -> datetime.datetime:
    """Where the series' rule placed an occurrence (every occurrence of a series has it)."""
    if occurrence.original_start is None:  # not an assert: `python -O` would drop the check
        raise ValueError(f"event {occurrence.pk} is not an occurrence of a series")
    return occurrence.original_start


def copy_event(
    template: Event, *, start: datetime.datetime, end: datetime.datetime, series: EventSeries | None = None
) -> Event:
    """An unsaved event like `template` at another time (an occurrence of `series`, when given)."""
    return Event(
        workspace=template.workspace,
        production=template.production,
        series=series,
        original_start=start if series else None,
        title=template.title,
        kind=template.kind,
        status=template.status,
        starts_at=start,
        ends_at=end,
        timezone=template.timezone,
        location=template.location,
        zone=template.zone,
        description=template.description,
        created_by=template.created_by,
    )


def wall_duration(event: Event) -> datetime.timedelta:
    """The event's length on the wall clock of its timezone (19:00–23:00 is 4 h, DST or not)."""
    return event.local_end.replace(tzinfo=None) - event.local_start.replace(tzinfo=None)


def call_offset(event: Event, call_time: datetime.datetime | None) -> datetime.timedelta:
    """How long before (negative) or after the start a crew call is; refuses one outside the window."""
    if call_time is None:
        return datetime.timedelta(0)
    call_time = aware(call_time, _("call time"))
    offset = call_time - event.starts_at
    if offset < -MAX_CALL_LEAD or call_time >= event.ends_at:
        raise EventInvalid(_("The call time must fall within the 24 hours before the event starts, or during it."))
    return offset


def shift_calls(event: Event, delta: datetime.timedelta) -> list[CrewCall]:
    """The event's crew calls moved by `delta` with their bookings (unsaved)."""
    calls = list(event.crew_calls.select_related("user")) if event.pk else []
    for call in calls:
        call.call_time += delta
        call.set_booking(event)
    return calls


def check_clashes(event: Event, calls: list[CrewCall], *, actor: User, exclude: Iterable[int]) -> list[Clash]:
    """Clashes of the event at its venue and of its crew at their call times."""
    return check_schedule_conflict(
        workspace=event.workspace,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=event.location,
        people=[c.user for c in calls],
        calls={c.user_id: c.call_time for c in calls},
        exclude=exclude,
        viewer=actor,
    )


def dated(clashes: list[Clash], start: datetime.datetime, tz: datetime.tzinfo) -> list[Clash]:
    """Clashes of one occurrence, each prefixed with its day ("Sat 14 Mar: …")."""
    day = formats.date_format(start.astimezone(tz), "D j M")
    for clash in clashes:
        clash.message = f"{day}: {clash.message}"
    return clashes


def clash_data(clashes: list[Clash], **extra: Any) -> dict[str, Any]:
    """What the activity entry keeps of a save: `extra`, and the first clashes it was saved with."""
    data = dict(extra)
    if clashes:
        data["clashes"] = [c.message for c in clashes[:10]]
    return data
