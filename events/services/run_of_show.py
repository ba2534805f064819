"""Run of show: an event's ordered cues, their start times worked out from the durations.

A cue starts when the one before it ends, unless it has a fixed time (doors at 19:00,
curfew at 23:00): then it starts then, and the cues after it follow on from there.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import only_fields

from ..errors import EventInvalid
from ..models import Cue, CueStatus, Department, Event
from ._common import check_choice, clean_text, require
from .clock import show_is_over

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_CUES = 300
MAX_CUE_DURATION = datetime.timedelta(hours=12)
CUE_FIELDS = ("item", "duration", "fixed_start", "owner", "department", "notes")


def record_closed(event: Event) -> bool:
    """A run of show that was called is its show's record once the show is over: no more edits."""
    return show_is_over(event) and event.cues.exclude(status=CueStatus.PENDING).exists()


def _keep_record(event: Event) -> None:
    if record_closed(event):
        raise EventInvalid(_("This show is over; its run of show is kept as it was called."))


@dataclass
class ScheduledCue:
    number: int
    cue: Cue
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    offset: datetime.timedelta  # from the event's start
    gap: datetime.timedelta  # idle time before it (a fixed time later than the previous end)
    overlap: datetime.timedelta  # how far it starts before the previous cue ended

    @property
    def is_fixed(self) -> bool:
        return self.cue.fixed_start is not None


def run_of_show(event: Event, cues: Iterable[Cue] | None = None) -> list[ScheduledCue]:
    """The cues in order with their computed start and end times."""
    cues = list(event.cues.all() if cues is None else cues)
    schedule = []
    clock = event.starts_at
    for number, cue in enumerate(cues, start=1):
        start = cue.fixed_start or clock
        gap = max(start - clock, datetime.timedelta(0))
        overlap = max(clock - start, datetime.timedelta(0))
        end = start + cue.duration
        schedule.append(ScheduledCue(number, cue, start, end, start - event.starts_at, gap, overlap))
        clock = end
    return schedule


def current_cue(schedule: Iterable[ScheduledCue], now: datetime.datetime | None = None) -> ScheduledCue | None:
    """The cue running at `now` (the last one started), or None before the first / after the last."""
    now = now or timezone.now()
    running = None
    for item in schedule:
        if item.starts_at <= now < item.ends_at:
            running = item
    return running


# --- parsing what people type --------------------------------------------------------------------
def parse_duration(text: Any) -> datetime.timedelta:
    """ "12" → 12 min, "3:30" → 3 min 30 s, "1:15:00" → 1 h 15 min."""
    if isinstance(text, datetime.timedelta):
        duration = text
    else:
        value = (str(text) if text is not None else "").strip()
        if re.fullmatch(r"\d{1,3}", value):
            duration = datetime.timedelta(minutes=int(value))
        elif re.fullmatch(r"\d{1,3}:\d{2}", value):
            minutes, seconds = value.split(":")
            duration = datetime.timedelta(minutes=int(minutes), seconds=int(seconds))
        elif re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", value):
            hours, minutes, seconds = value.split(":")
            duration = datetime.timedelta(hours=int(hours), minutes=int(minutes), seconds=int(seconds))
        else:
            raise EventInvalid(_("Give the duration in minutes (12), minutes:seconds (3:30) or h:mm:ss (1:15:00)."))
    if duration <= datetime.timedelta(0) or duration > MAX_CUE_DURATION:
        raise EventInvalid(_("A cue lasts more than nothing and at most 12 hours."))
    return duration


def parse_cue_time(text: Any, event: Event) -> datetime.datetime | None:
    """ "" → follows the previous cue; "21:30" → that time on the event's day (venue time);
    "+1:15" → 1 h 15 min after the event starts."""
    if isinstance(text, datetime.datetime) or text is None:
        return text
    value = str(text).strip()
    if not value:
        return None
    if len(value) > 10:  # an ISO moment from the API, with its offset
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
    offset = re.fullmatch(r"\+(\d{1,2}):(\d{2})", value)
    if offset:
        return event.starts_at + datetime.timedelta(hours=int(offset.group(1)), minutes=int(offset.group(2)))
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})", value)
    if clock and int(clock.group(1)) < 24 and int(clock.group(2)) < 60:
        local = event.local_start
        at = datetime.datetime.combine(local.date(), datetime.time(int(clock.group(1)), int(clock.group(2))))
        moment = at.replace(tzinfo=event.tz)
        if moment < event.starts_at - datetime.timedelta(hours=6):
            moment = (at + datetime.timedelta(days=1)).replace(tzinfo=event.tz)  # after midnight
        return moment.astimezone(datetime.UTC).astimezone(event.tz)
    raise EventInvalid(_("Give the time as 21:30 (venue time), +1:15 (after the start), or leave it empty."))


def format_duration(duration: datetime.timedelta) -> str:
    seconds = int(duration.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


# --- changes ---------------------------------------------------------------------------------------
def add_cue(
    event: Event,
    *,
    actor: User,
    item: str,
    duration: Any,
    fixed_start: Any = None,
    owner: str = "",
    department: str = Department.PRODUCTION,
    notes: str = "",
) -> Cue:
    require(actor, "events.add_cue", event, _("You may not change this event's run of show."))
    cue = Cue(event=event)
    _apply(
        cue,
        {
            "item": item,
            "duration": duration,
            "fixed_start": fixed_start,
            "owner": owner,
            "department": department,
            "notes": notes,
        },
    )
    _keep_record(event)
    with transaction.atomic():
        if event.cues.count() >= MAX_CUES:
            raise EventInvalid(_("A run of show holds at most %(limit)s cues.") % {"limit": MAX_CUES})
        cue.position = (event.cues.aggregate(m=Max("position"))["m"] or 0) + 1
        cue.save()
        record_activity(event, actor=actor, verb="event.cue_added", data={"cue": cue.item})
    return cue


def update_cue(cue: Cue, *, actor: User, **changes: Any) -> Cue:
    require(actor, "events.change_cue", cue, _("You may not change this run of show."))
    only_fields(changes, CUE_FIELDS, EventInvalid)
    _keep_record(cue.event)
    _apply(cue, changes)
    with transaction.atomic():
        cue.save()
        record_activity(
            cue.event, actor=actor, verb="event.cue_edited", data={"cue": cue.item, "fields": sorted(changes)}
        )
    return cue


def move_cue(cue: Cue, *, actor: User, direction: str) -> list[Cue]:
    """One step up or down the run of show."""
    require(actor, "events.change_cue", cue, _("You may not change this run of show."))
    if direction not in ("up", "down"):
        raise EventInvalid(_("Move a cue up or down."))
    _keep_record(cue.event)
    with transaction.atomic():
        cues = list(Cue.objects.select_for_update().filter(event_id=cue.event_id).order_by("position", "id"))
        index = next(i for i, c in enumerate(cues) if c.pk == cue.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(cues):
            return cues  # already at the edge: nothing to do
        cues[index], cues[target] = cues[target], cues[index]
        _renumber(cues)
        record_activity(cue.event, actor=actor, verb="event.cue_moved", data={"cue": cue.item, "to": target + 1})
    return cues


def reorder_cues(event: Event, *, actor: User, order: Iterable[Any]) -> list[Cue]:
    """Put the cues in the given order (a list of every cue id of the event, e.g. after a drag)."""
    require(actor, "events.change_cue", event, _("You may not change this run of show."))
    try:
        order = [int(pk) for pk in order]
    except (TypeError, ValueError):
        raise EventInvalid(_("The new order names cues that are not on this run of show.")) from None
    _keep_record(event)
    with transaction.atomic():
        cues = {c.pk: c for c in Cue.objects.select_for_update().filter(event=event)}
        if sorted(order) != sorted(cues):
            raise EventInvalid(_("The run of show changed meanwhile; reload and try again."))
        ordered = [cues[pk] for pk in order]
        _renumber(ordered)
        record_activity(event, actor=actor, verb="event.cues_reordered")
    return ordered


def delete_cue(cue: Cue, *, actor: User) -> None:
    require(actor, "events.delete_cue", cue, _("You may not change this run of show."))
    _keep_record(cue.event)
    with transaction.atomic():
        record_activity(cue.event, actor=actor, verb="event.cue_deleted", data={"cue": cue.item})
        cue.delete()


def _renumber(cues: list[Cue]) -> None:
    for position, cue in enumerate(cues, start=1):
        cue.position = position
    Cue.objects.bulk_update(cues, ["position"])


def _apply(cue: Cue, fields: Mapping[str, Any]) -> None:
    if "item" in fields:
        cue.item = clean_text(fields["item"], _("cue"), max_length=200, required=True)
    if "duration" in fields:
        cue.duration = parse_duration(fields["duration"])
    if "fixed_start" in fields:
        fixed = parse_cue_time(fields["fixed_start"], cue.event)
        event = cue.event
        if fixed is not None and not (
            event.starts_at - datetime.timedelta(hours=12) <= fixed <= event.ends_at + datetime.timedelta(hours=12)
        ):
            raise EventInvalid(_("A cue's time must fall around its event (12 hours either side)."))
        cue.fixed_start = fixed
    if "owner" in fields:
        cue.owner = clean_text(fields["owner"], _("owner"), max_length=120)
    if "department" in fields:
        cue.department = check_choice(fields["department"], Department, "department")
    if "notes" in fields:
        cue.notes = clean_text(fields["notes"], _("notes"), max_length=5000)
