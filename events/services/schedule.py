"""The schedule: creating and editing events (one, this-and-following, all of a series),
deleting them, and booking crew with call times. Clashes are checked before anything is
written; hard clashes stop the save unless the caller confirms them."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import formats

from dragonfly.activity.services import record_activity
from locations.models import Location

from ..conflicts import check_schedule_conflict, has_hard
from ..errors import EventInvalid, ScheduleConflict
from ..models import (
    MAX_CALL_LEAD,
    MAX_EVENT_DURATION,
    CrewCall,
    Event,
    EventKind,
    EventSeries,
    EventStatus,
)
from ..recurrence import expand, local_end, normalize_rule, place, with_until
from ._common import aware, check_choice, check_person, clean_text, require, workspace_zone, zone

KEEP = object()
SCOPES = ("this", "following", "all")
EVENT_FIELDS = ("title", "kind", "status", "starts_at", "ends_at", "timezone", "location", "production", "description")
# What a series edit copies onto every occurrence (times are placed per occurrence).
SHARED_FIELDS = ("title", "kind", "status", "timezone", "location", "production", "description")


@dataclass
class Saved:
    """What a save did: the event, the clashes it was saved with, how many occurrences changed."""

    event: Event
    clashes: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0


# --- creating ----------------------------------------------------------------------------------
def create_event(
    *,
    actor,
    workspace,
    title,
    starts_at,
    ends_at,
    kind=EventKind.SHOW,
    status=EventStatus.CONFIRMED,
    location=None,
    production=None,
    description="",
    timezone="",
    repeat=None,
    crew=(),
    call_time=None,
    role_title="",
    confirm_conflicts=False,
):
    """Schedule an event (or a repeating one when `repeat` holds an RRULE) with its crew.

    Raises ScheduleConflict, writing nothing, when the venue or a person is already booked
    and `confirm_conflicts` is false; soft clashes (travel too short) never stop a save."""
    require(actor, "events.add_event", workspace, "Your role does not schedule events in this workspace.")
    if workspace.archived:
        raise EventInvalid("This workspace is archived; it takes no new events.")
    event = Event(workspace=workspace, created_by=actor)
    _apply(
        event,
        {
            "title": title,
            "kind": kind,
            "status": status,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "timezone": timezone,
            "location": location,
            "production": production,
            "description": description,
        },
        actor=actor,
    )
    people = [check_person(workspace, u, "crew member") for u in crew]
    offset = _call_offset(event, call_time)
    role_title = clean_text(role_title, "crew role", max_length=100)
    starts = [event.starts_at]
    rule = None
    if repeat:
        rule = normalize_rule(repeat, event.tz)
        starts = expand(rule, first_start=event.starts_at, tz=event.tz)
        if not starts:
            raise EventInvalid("The repeat rule gives no dates; check its end.")
    wall = _wall_duration(event)
    periods = [(s, local_end(s, wall, event.tz) if rule else event.ends_at) for s in starts]
    clashes = []
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
        clashes += _dated(found, start, event.tz) if rule else found
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
        events = [_copy(event, start=s, end=e, series=series) for s, e in periods]
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
            data=_clash_data(clashes, occurrences=len(events), series=series.pk if series else None),
        )
    return Saved(events[0], clashes, created=len(events))


def _copy(template, *, start, end, series=None):
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
        description=template.description,
        created_by=template.created_by,
    )


# --- editing -----------------------------------------------------------------------------------
def update_event(event, *, actor, scope="this", repeat=KEEP, confirm_conflicts=False, **changes):
    """Edit one event, or this and the following occurrences, or all of its series.

    A series edit re-applies the rule: occurrences keep their crew, cues and incidents when
    their date stays in the rule, new dates get new occurrences, dropped dates are deleted."""
    require(actor, "events.change_event", event, "You may not edit this event.")
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise EventInvalid(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    if scope not in SCOPES:
        raise EventInvalid("Choose this event, this and following, or all events of the series.")
    if event.series_id is None:
        if repeat not in (KEEP, None, ""):
            return _make_series(event, actor=actor, repeat=repeat, changes=changes, confirm=confirm_conflicts)
        return _update_one(event, actor=actor, changes=changes, confirm=confirm_conflicts)
    if scope == "this":
        return _update_one(event, actor=actor, changes=changes, confirm=confirm_conflicts)
    return _update_series(event, actor=actor, scope=scope, repeat=repeat, changes=changes, confirm=confirm_conflicts)


def _update_one(event, *, actor, changes, confirm):
    with transaction.atomic():
        locked = (
            Event.objects.select_for_update(of=("self",))
            .select_related("workspace__organization", "location")
            .get(pk=event.pk)
        )
        before = {f: getattr(locked, f) for f in EVENT_FIELDS}
        _apply(locked, changes, actor=actor)
        changed = [f for f in EVENT_FIELDS if getattr(locked, f) != before[f]]
        if not changed:
            return Saved(locked)
        calls = _shift_calls(locked, locked.starts_at - before["starts_at"])
        clashes = _check(locked, calls, actor=actor, exclude={locked.pk})
        if has_hard(clashes) and not confirm:
            raise ScheduleConflict(clashes)
        if locked.series_id:
            locked.is_exception = True
        locked.save()
        CrewCall.objects.bulk_update(calls, ["call_time", "booked_from", "booked_until"])
        record_activity(
            locked,
            actor=actor,
            verb="event.edited",
            from_state=before["status"],
            to_state=locked.status if locked.status != before["status"] else "",
            data={"fields": changed, **_clash_data(clashes)},
        )
    return Saved(locked, clashes, updated=1)


def _make_series(event, *, actor, repeat, changes, confirm):
    """A single event becomes the first occurrence of a new series (keeping its crew and cues)."""
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        template = Event.objects.select_related("workspace__organization").get(pk=event.pk)
        _apply(template, changes, actor=actor)
        rule = normalize_rule(repeat, template.tz)
        starts = expand(rule, first_start=template.starts_at, tz=template.tz)
        if not starts or starts[0] != template.starts_at:
            raise EventInvalid("The repeat rule must start on this event's own date.")
        series = EventSeries.objects.create(
            workspace=template.workspace,
            rrule=rule,
            timezone=template.timezone,
            first_start=template.starts_at,
            duration=_wall_duration(template),
            created_by=actor,
        )
        # Keyed on its new date, so the rule's first occurrence is this very event.
        Event.objects.filter(pk=event.pk).update(series=series, original_start=template.starts_at)
        members = list(_occurrences(Event.objects.filter(pk=event.pk)))
        saved = _reconcile(
            series,
            members,
            edited=members[0],
            template=template,
            actor=actor,
            changes=set(changes) | {"starts_at"},
            confirm=confirm,
        )
        record_activity(
            saved.event,
            actor=actor,
            verb="event.repeated",
            data={"rule": rule, "occurrences": saved.created + 1, **_clash_data(saved.clashes)},
        )
    return saved


def _update_series(event, *, actor, scope, repeat, changes, confirm):
    with transaction.atomic():
        series = EventSeries.objects.select_for_update().get(pk=event.series_id)
        members = list(_occurrences(series.occurrences.all()))
        edited = next((m for m in members if m.pk == event.pk), None)
        if edited is None:
            raise EventInvalid("This event is no longer part of its series.")
        template = Event.objects.select_related("workspace__organization").get(pk=event.pk)
        _apply(template, changes, actor=actor)
        old_tz = zone(series.timezone)
        if template.local_start.date() != edited.local_start.date():
            raise EventInvalid(
                "To move a repeating event to other days, change its repeat rule, or edit only this event."
            )
        keep_rule = repeat in (KEEP, None, "")
        rule = series.rrule if keep_rule else normalize_rule(repeat, template.tz)
        first = edited.original_start == series.first_start or members[0].pk == edited.pk
        if scope == "following" and not first:
            cut = edited.original_start
            if keep_rule and "COUNT=" in rule.upper():
                done = sum(1 for s in expand(series.rrule, first_start=series.first_start, tz=old_tz) if s < cut)
                rule = ";".join(
                    f"COUNT={_count(p) - done}" if p.upper().startswith("COUNT=") else p for p in rule.split(";")
                )
            cut_day = cut.astimezone(old_tz).date().isoformat()
            later = [m for m in members if m.original_start >= cut]
            new_series = EventSeries.objects.create(
                workspace=series.workspace,
                rrule=rule,
                timezone=series.timezone,
                first_start=cut,
                duration=series.duration,
                created_by=actor,
                excluded_dates=[d for d in series.excluded_dates if d >= cut_day],
            )
            series.rrule = with_until(
                series.rrule, cut.astimezone(old_tz).replace(tzinfo=None) - datetime.timedelta(seconds=1)
            )
            series.excluded_dates = [d for d in series.excluded_dates if d < cut_day]
            series.save(update_fields=["rrule", "excluded_dates"])
            Event.objects.filter(pk__in=[m.pk for m in later]).update(series=new_series)
            for m in later:
                m.series = new_series
            series, members = new_series, later
        series.rrule = rule
        saved = _reconcile(
            series, members, edited=edited, template=template, actor=actor, changes=set(changes), confirm=confirm
        )
        record_activity(
            saved.event,
            actor=actor,
            verb="event.series_edited",
            data={
                "scope": scope,
                "fields": sorted(changes),
                "rule": series.rrule,
                "created": saved.created,
                "updated": saved.updated,
                "deleted": saved.deleted,
                **_clash_data(saved.clashes),
            },
        )
    return saved


def _occurrences(queryset):
    return (
        queryset.select_related("workspace__organization", "location", "production")
        .prefetch_related("crew_calls__user")
        .order_by("original_start", "id")
    )


def _count(part):
    return int(part.split("=", 1)[1])


def _reconcile(series, members, *, edited, template, actor, changes, confirm):
    """Make a series' occurrences follow its rule and the edited values (inside a transaction).

    Occurrences are matched on their local date: a kept date keeps its row (crew, cues,
    incidents) and moves to the new time; a new date gets a new row with the edited event's
    crew; a dropped date is deleted. Occurrences edited on their own keep their own times."""
    tz = template.tz
    old_tz = zone(series.timezone)
    wall = _wall_duration(template)
    first_date = series.first_start.astimezone(old_tz).date()
    series.first_start = place(datetime.datetime.combine(first_date, template.local_start.time()), tz)
    series.timezone, series.duration = template.timezone, wall
    starts = expand(series.rrule, first_start=series.first_start, tz=tz, excluded_dates=series.excluded_dates)
    if not starts:
        raise EventInvalid("The repeat rule gives no dates; check its end.")
    shared = {f: getattr(template, f) for f in SHARED_FIELDS if f in changes}
    shared["timezone"] = template.timezone
    calls_of = {m.pk: list(m.crew_calls.all()) for m in members}
    # The edited event's crew, with call times relative to its start, for new occurrences.
    crew = [(c, c.call_time - edited.starts_at) for c in calls_of.get(edited.pk, [])]
    existing = {m.original_start.astimezone(old_tz).date(): m for m in members}
    updated, created, moved = [], [], []
    for start in starts:
        end = local_end(start, wall, tz)
        occurrence = existing.pop(start.date(), None)
        if occurrence is None:
            created.append(_copy(template, start=start, end=end, series=series))
            continue
        for name, value in shared.items():
            setattr(occurrence, name, value)
        if not occurrence.is_exception or occurrence.pk == edited.pk:
            delta = start - occurrence.starts_at
            occurrence.starts_at, occurrence.ends_at = start, end
            for call in calls_of[occurrence.pk]:
                call.call_time += delta
                call.set_booking(occurrence)
                moved.append(call)
        occurrence.original_start = start
        if occurrence.pk == edited.pk:
            occurrence.is_exception = False
        updated.append(occurrence)
    dropped = list(existing.values())
    clashes = []
    exclude = {m.pk for m in members}
    for occurrence in updated + created:
        if occurrence.pk:
            people = [c.user for c in calls_of[occurrence.pk]]
            call_map = {c.user_id: c.call_time for c in calls_of[occurrence.pk]}
        else:
            people = [c.user for c, _ in crew]
            call_map = {c.user_id: occurrence.starts_at + offset for c, offset in crew}
        found = check_schedule_conflict(
            workspace=occurrence.workspace,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            location=occurrence.location,
            people=people,
            calls=call_map,
            exclude=exclude,
            viewer=actor,
        )
        clashes += _dated(found, occurrence.starts_at, tz)
    if has_hard(clashes) and not confirm:
        raise ScheduleConflict(clashes)
    series.save()
    Event.objects.bulk_update(updated, ["starts_at", "ends_at", "original_start", "is_exception", *SHARED_FIELDS])
    CrewCall.objects.bulk_update(moved, ["call_time", "booked_from", "booked_until"])
    new = Event.objects.bulk_create(created)
    new_calls = []
    for occurrence in new:
        for call, offset in crew:
            copy = CrewCall(
                event=occurrence,
                user=call.user,
                role_title=call.role_title,
                notes=call.notes,
                call_time=occurrence.starts_at + offset,
            )
            copy.set_booking(occurrence)
            new_calls.append(copy)
    CrewCall.objects.bulk_create(new_calls)
    Event.objects.filter(pk__in=[d.pk for d in dropped]).delete()
    kept = next((u for u in updated if u.pk == edited.pk), None) or (updated + new)[0]
    return Saved(kept, clashes, created=len(new), updated=len(updated), deleted=len(dropped))


# --- deleting ----------------------------------------------------------------------------------
def delete_event(event, *, actor, scope="this"):
    """Delete one event, this and the following occurrences, or the whole series."""
    require(actor, "events.delete_event", event, "You may not delete this event.")
    if scope not in SCOPES:
        raise EventInvalid("Choose this event, this and following, or all events of the series.")
    with transaction.atomic():
        series = EventSeries.objects.select_for_update().filter(pk=event.series_id).first()
        if series is None or scope == "this":
            if series is not None:
                day = event.original_start.astimezone(zone(series.timezone)).date().isoformat()
                series.excluded_dates = sorted({*series.excluded_dates, day})
                series.save(update_fields=["excluded_dates"])
            record_activity(event, actor=actor, verb="event.deleted", data={"title": event.title})
            event.delete()
            return 1
        tz = zone(series.timezone)
        if scope == "following" and event.original_start != series.first_start:
            doomed = series.occurrences.filter(original_start__gte=event.original_start)
            series.rrule = with_until(
                series.rrule, event.original_start.astimezone(tz).replace(tzinfo=None) - datetime.timedelta(seconds=1)
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
        count, _ = Event.objects.filter(pk__in=list(doomed.values_list("pk", flat=True))).delete()
        if not series.occurrences.exists():
            series.delete()
    return count


# --- crew ----------------------------------------------------------------------------------------
def add_crew_call(event, *, actor, user, call_time=None, role_title="", notes="", confirm_conflicts=False):
    """Book a person on an event from their call time; refuses a double booking unless confirmed."""
    require(actor, "events.add_crewcall", event, "You may not book crew on this event.")
    check_person(event.workspace, user, "crew member")
    call = CrewCall(
        event=event,
        user=user,
        role_title=clean_text(role_title, "role", max_length=100),
        notes=clean_text(notes, "notes", max_length=300),
    )
    call.call_time = event.starts_at + _call_offset(event, call_time)
    call.set_booking(event)
    clashes = check_schedule_conflict(
        workspace=event.workspace,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=event.location,
        people=[user],
        calls={user.pk: call.call_time},
        exclude={event.pk},
        viewer=actor,
        venue=False,
    )
    if has_hard(clashes) and not confirm_conflicts:
        raise ScheduleConflict(clashes)
    with transaction.atomic():
        if CrewCall.objects.filter(event=event, user=user).exists():
            raise EventInvalid(f"{user.get_full_name() or user.username} is already on this event's crew.")
        call.save()
        record_activity(
            event,
            actor=actor,
            verb="event.crew_added",
            data={"user": user.pk, "call_time": call.call_time, **_clash_data(clashes)},
        )
    return call, clashes


def update_crew_call(call, *, actor, call_time=KEEP, role_title=KEEP, notes=KEEP, confirm_conflicts=False):
    require(actor, "events.change_crewcall", call, "You may not change this crew call.")
    event = call.event
    if call_time is not KEEP:
        call.call_time = event.starts_at + _call_offset(event, call_time)
        call.set_booking(event)
    if role_title is not KEEP:
        call.role_title = clean_text(role_title, "role", max_length=100)
    if notes is not KEEP:
        call.notes = clean_text(notes, "notes", max_length=300)
    clashes = check_schedule_conflict(
        workspace=event.workspace,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=event.location,
        people=[call.user],
        calls={call.user_id: call.call_time},
        exclude={event.pk},
        viewer=actor,
        venue=False,
    )
    if has_hard(clashes) and not confirm_conflicts:
        raise ScheduleConflict(clashes)
    with transaction.atomic():
        call.save()
        record_activity(event, actor=actor, verb="event.crew_changed", data={"user": call.user_id})
    return call, clashes


def remove_crew_call(call, *, actor):
    require(actor, "events.delete_crewcall", call, "You may not change this event's crew.")
    with transaction.atomic():
        record_activity(call.event, actor=actor, verb="event.crew_removed", data={"user": call.user_id})
        call.delete()


# --- helpers ------------------------------------------------------------------------------------
def _apply(event, fields, *, actor):
    """Check and set an event's fields; the timezone follows the venue unless one is given."""
    from productions.models import Production

    workspace = event.workspace
    if "title" in fields:
        event.title = clean_text(fields["title"], "event's title", max_length=200, required=True)
    if "kind" in fields:
        event.kind = check_choice(fields["kind"], EventKind, "kind of event")
    if "status" in fields:
        event.status = check_choice(fields["status"], EventStatus, "status")
    if "description" in fields:
        event.description = clean_text(fields["description"], "description", max_length=20000)
    if "location" in fields:
        location = fields["location"]
        if (
            location is not None
            and not Location.objects.visible_to(actor).filter(pk=location.pk, workspace=workspace).exists()
        ):
            raise EventInvalid("Pick a venue of this workspace.")
        event.location = location
    if "production" in fields:
        production = fields["production"]
        if (
            production is not None
            and not Production.objects.visible_to(actor).filter(pk=production.pk, workspace=workspace).exists()
        ):
            raise EventInvalid("Pick a production of this workspace.")
        event.production = production
    if fields.get("timezone"):
        event.timezone = zone(fields["timezone"]).key
    elif "location" in fields or not event.pk:
        event.timezone = event.location.timezone if event.location else workspace_zone(workspace).key
    if fields.get("starts_at") is not None:
        event.starts_at = aware(fields["starts_at"], "start")
    if fields.get("ends_at") is not None:
        event.ends_at = aware(fields["ends_at"], "end")
    if event.starts_at is None or event.ends_at is None:
        raise EventInvalid("Give the event a start and an end.")
    if event.ends_at <= event.starts_at:
        raise EventInvalid("The event must end after it starts.")
    if event.ends_at - event.starts_at > MAX_EVENT_DURATION:
        raise EventInvalid(
            f"An event lasts at most {MAX_EVENT_DURATION.days} days; split a longer run into several events."
        )


def _wall_duration(event):
    """The event's length on the wall clock of its timezone (19:00–23:00 is 4 h, DST or not)."""
    return event.local_end.replace(tzinfo=None) - event.local_start.replace(tzinfo=None)


def _call_offset(event, call_time):
    if call_time is None:
        return datetime.timedelta(0)
    call_time = aware(call_time, "call time")
    offset = call_time - event.starts_at
    if offset < -MAX_CALL_LEAD or call_time >= event.ends_at:
        raise EventInvalid("The call time must fall within the 24 hours before the event starts, or during it.")
    return offset


def _shift_calls(event, delta):
    calls = list(event.crew_calls.select_related("user")) if event.pk else []
    for call in calls:
        call.call_time += delta
        call.set_booking(event)
    return calls


def _check(event, calls, *, actor, exclude):
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


def _dated(clashes, start, tz):
    day = formats.date_format(start.astimezone(tz), "D j M")
    for clash in clashes:
        clash.message = f"{day}: {clash.message}"
    return clashes


def _clash_data(clashes, **extra):
    data = dict(extra)
    if clashes:
        data["clashes"] = [c.message for c in clashes[:10]]
    return data
