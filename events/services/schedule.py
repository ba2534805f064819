"""The schedule: creating, editing and deleting events (one event, this and the following
occurrences, or all of a series). Clashes are checked before anything is written; hard clashes
stop the save unless the caller confirms them. Series edits live in series.py, crew calls in
crew.py, what they share in _schedule.py."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import only_fields
from dragonfly.core.workflow import transition_edit

from ..conflicts import Clash, check_schedule_conflict, has_hard
from ..errors import EventInvalid, ScheduleConflict
from ..models import CrewCall, Event, EventKind, EventSeries, EventStatus
from ..recurrence import expand, local_end, normalize_rule, with_until
from ._common import check_person, clean_text, require, zone
from ._schedule import (
    EVENT_FIELDS,
    KEEP,
    SCOPES,
    Saved,
    apply_fields,
    call_offset,
    check_clashes,
    clash_data,
    copy_event,
    dated,
    original_start,
    shift_calls,
    wall_duration,
)
from .series import make_series, update_series

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace
    from locations.models import Location, Zone
    from productions.models import Production

__all__ = ["KEEP", "SCOPES", "Saved", "create_event", "delete_event", "update_event"]


# --- creating ----------------------------------------------------------------------------------
def create_event(
    *,
    actor: User,
    workspace: Workspace,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    kind: str = EventKind.SHOW,
    status: str = EventStatus.CONFIRMED,
    location: Location | None = None,
    zone: Zone | None = None,
    production: Production | None = None,
    description: str = "",
    timezone: str = "",
    repeat: str | None = None,
    crew: Iterable[User] = (),
    call_time: datetime.datetime | None = None,
    role_title: str = "",
    confirm_conflicts: bool = False,
) -> Saved:
    """Schedule an event (or a repeating one when `repeat` holds an RRULE) with its crew.

    Raises ScheduleConflict, writing nothing, when the venue or a person is already booked
    and `confirm_conflicts` is false; soft clashes (travel too short) never stop a save."""
    require(actor, "events.add_event", workspace, _("Your role does not schedule events in this workspace."))
    if workspace.archived:
        raise EventInvalid(_("This workspace is archived; it takes no new events."))
    event = Event(workspace=workspace, created_by=actor)
    apply_fields(
        event,
        {
            "title": title,
            "kind": kind,
            "status": status,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "timezone": timezone,
            "location": location,
            "zone": zone,
            "production": production,
            "description": description,
        },
        actor=actor,
    )
    people = [check_person(workspace, u, _("crew member")) for u in crew]
    offset = call_offset(event, call_time)
    role_title = clean_text(role_title, _("crew role"), max_length=100)
    starts = [event.starts_at]
    rule = None
    if repeat:
        rule = normalize_rule(repeat, event.tz)
        starts = expand(rule, first_start=event.starts_at, tz=event.tz)
        if not starts:
            raise EventInvalid(_("The repeat rule gives no dates; check its end."))
    wall = wall_duration(event)
    periods = [(s, local_end(s, wall, event.tz) if rule else event.ends_at) for s in starts]
    clashes: list[Clash] = []
    for start, end in periods:
        found = check_schedule_conflict(
            workspace=workspace,
            starts_at=start,
            ends_at=end,
            location=event.location,
            people=people,
            calls={u.pk: start + offset for u in people},
            viewer=actor,
        )
        clashes += dated(found, start, event.tz) if rule else found
    if has_hard(clashes) and not confirm_conflicts:
        raise ScheduleConflict(clashes)
    with transaction.atomic():
        series = None
        if rule:
            series = EventSeries.objects.create(
                workspace=workspace,
                rrule=rule,
                timezone=event.timezone,
                first_start=starts[0],
                duration=wall,
                created_by=actor,
            )
        events = [copy_event(event, start=s, end=e, series=series) for s, e in periods]
        events = Event.objects.bulk_create(events)
        calls = []
        for occurrence in events:
            for person in people:
                call = CrewCall(
                    event=occurrence, user=person, role_title=role_title, call_time=occurrence.starts_at + offset
                )
                call.set_booking(occurrence)
                calls.append(call)
        CrewCall.objects.bulk_create(calls)
        record_activity(
            events[0],
            actor=actor,
            verb="event.created",
            to_state=event.status,
            data=clash_data(clashes, occurrences=len(events), series=series.pk if series else None),
        )
    return Saved(events[0], clashes, created=len(events))


# --- editing -----------------------------------------------------------------------------------
def update_event(
    event: Event,
    *,
    actor: User,
    scope: str = "this",
    repeat: Any = KEEP,
    confirm_conflicts: bool = False,
    **changes: Any,
) -> Saved:
    """Edit one event, or this and the following occurrences, or all of its series.

    A series edit re-applies the rule: occurrences keep their crew, cues and incidents when
    their date stays in the rule, new dates get new occurrences, dropped dates are deleted."""
    require(actor, "events.change_event", event, _("You may not edit this event."))
    only_fields(changes, EVENT_FIELDS, EventInvalid)
    if scope not in SCOPES:
        raise EventInvalid(_("Choose this event, this and following, or all events of the series."))
    if event.series_id is None:
        if repeat not in (KEEP, None, ""):
            return make_series(event, actor=actor, repeat=repeat, changes=changes, confirm=confirm_conflicts)
        return _update_one(event, actor=actor, changes=changes, confirm=confirm_conflicts)
    if scope == "this":
        return _update_one(event, actor=actor, changes=changes, confirm=confirm_conflicts)
    return update_series(event, actor=actor, scope=scope, repeat=repeat, changes=changes, confirm=confirm_conflicts)


def _update_one(event: Event, *, actor: User, changes: dict[str, Any], confirm: bool) -> Saved:
    """Edit one event. An edit that changes the status is a move through the engine (Event.workflow)
    carrying the rest of the edit; either way one `event.edited` entry records it."""
    with transaction.atomic():
        locked = (
            Event.objects.select_for_update(of=("self",))
            .select_related("workspace__organization", "location")
            .get(pk=event.pk)
        )
        before = {f: getattr(locked, f) for f in EVENT_FIELDS}
        edited = copy.copy(locked)
        apply_fields(edited, changes, actor=actor)
        changed = [f for f in EVENT_FIELDS if getattr(edited, f) != before[f]]
        if not changed:
            return Saved(locked)
        calls = shift_calls(edited, edited.starts_at - before["starts_at"])
        clashes = check_clashes(edited, calls, actor=actor, exclude={edited.pk})
        if has_hard(clashes) and not confirm:
            raise ScheduleConflict(clashes)
        if edited.series_id:
            edited.is_exception = True
        data = {"fields": changed, **clash_data(clashes)}
        if edited.status == before["status"]:
            edited.save()
            record_activity(edited, actor=actor, verb="event.edited", from_state=before["status"], data=data)
        else:
            fields = [f for f in changed if f != "status"] + ["is_exception"]
            # The row is locked above; the engine checks the move, saves, records and publishes.
            transition_edit(locked, edited, fields, actor=actor, verb="event.edited", data=data)
            edited = locked
        CrewCall.objects.bulk_update(calls, ["call_time", "booked_from", "booked_until"])
    return Saved(edited, clashes, updated=1)


# --- deleting ----------------------------------------------------------------------------------
def delete_event(event: Event, *, actor: User, scope: str = "this") -> int:
    """Delete one event, this and the following occurrences, or the whole series."""
    require(actor, "events.delete_event", event, _("You may not delete this event."))
    if scope not in SCOPES:
        raise EventInvalid(_("Choose this event, this and following, or all events of the series."))
    with transaction.atomic():
        series = EventSeries.objects.select_for_update().filter(pk=event.series_id).first() if event.series_id else None
        if series is None or scope == "this":
            if series is not None:
                day = original_start(event).astimezone(zone(series.timezone)).date().isoformat()
                series.excluded_dates = sorted({*series.excluded_dates, day})
                series.save(update_fields=["excluded_dates"])
            record_activity(event, actor=actor, verb="event.deleted", data={"title": event.title})
            event.delete()
            return 1
        tz = zone(series.timezone)
        if scope == "following" and event.original_start != series.first_start:
            cut = original_start(event)
            doomed = series.occurrences.filter(original_start__gte=cut)
            series.rrule = with_until(
                series.rrule, cut.astimezone(tz).replace(tzinfo=None) - datetime.timedelta(seconds=1)
            )
            series.save(update_fields=["rrule"])
        else:
            doomed = series.occurrences.all()
        record_activity(
            event,
            actor=actor,
            verb="event.series_deleted",
            data={"title": event.title, "scope": scope, "series": series.pk},
        )
        count, _by_model = Event.objects.filter(pk__in=list(doomed.values_list("pk", flat=True))).delete()
        if not series.occurrences.exists():
            series.delete()
    return count
