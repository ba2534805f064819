"""Repeating events: a single event becomes a series, and "this and following" or "all" edits
re-apply the series' rule to its occurrences (keeping each kept date's crew, cues and incidents)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity

from ..conflicts import check_schedule_conflict, has_hard
from ..errors import EventInvalid, ScheduleConflict
from ..models import CrewCall, Event, EventSeries
from ..recurrence import expand, local_end, normalize_rule, place, with_until
from ._common import zone
from ._schedule import (
    KEEP,
    SHARED_FIELDS,
    Saved,
    apply_fields,
    clash_data,
    copy_event,
    dated,
    original_start,
    wall_duration,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def make_series(event: Event, *, actor: User, repeat: str, changes: dict[str, Any], confirm: bool) -> Saved:
    """A single event becomes the first occurrence of a new series (keeping its crew and cues)."""
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        template = Event.objects.select_related("workspace__organization").get(pk=event.pk)
        apply_fields(template, changes, actor=actor)
        rule = normalize_rule(repeat, template.tz)
        starts = expand(rule, first_start=template.starts_at, tz=template.tz)
        if not starts or starts[0] != template.starts_at:
            raise EventInvalid(_("The repeat rule must start on this event's own date."))
        series = EventSeries.objects.create(
            workspace=template.workspace,
            rrule=rule,
            timezone=template.timezone,
            first_start=template.starts_at,
            duration=wall_duration(template),
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
            data={"rule": rule, "occurrences": saved.created + 1, **clash_data(saved.clashes)},
        )
    return saved


def update_series(
    event: Event, *, actor: User, scope: str, repeat: Any, changes: dict[str, Any], confirm: bool
) -> Saved:
    with transaction.atomic():
        if event.series_id is None:  # update_event sends only occurrences of a series here
            raise ValueError(f"event {event.pk} is not an occurrence of a series")
        series = EventSeries.objects.select_for_update().get(pk=event.series_id)
        members = list(_occurrences(series.occurrences.all()))
        edited = next((m for m in members if m.pk == event.pk), None)
        if edited is None:
            raise EventInvalid(_("This event is no longer part of its series."))
        template = Event.objects.select_related("workspace__organization").get(pk=event.pk)
        apply_fields(template, changes, actor=actor)
        old_tz = zone(series.timezone)
        if template.local_start.date() != edited.local_start.date():
            raise EventInvalid(
                _("To move a repeating event to other days, change its repeat rule, or edit only this event.")
            )
        keep_rule = repeat in (KEEP, None, "")
        rule = series.rrule if keep_rule else normalize_rule(repeat, template.tz)
        first = edited.original_start == series.first_start or members[0].pk == edited.pk
        if scope == "following" and not first:
            cut = original_start(edited)
            if keep_rule and "COUNT=" in rule.upper():
                done = sum(1 for s in expand(series.rrule, first_start=series.first_start, tz=old_tz) if s < cut)
                rule = ";".join(
                    f"COUNT={_count(p) - done}" if p.upper().startswith("COUNT=") else p for p in rule.split(";")
                )
            cut_day = cut.astimezone(old_tz).date().isoformat()
            later = [m for m in members if original_start(m) >= cut]
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
                **clash_data(saved.clashes),
            },
        )
    return saved


def _occurrences(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return (
        queryset.select_related("workspace__organization", "location", "production")
        .prefetch_related("crew_calls__user")
        .order_by("original_start", "id")
    )


def _count(part: str) -> int:
    return int(part.split("=", 1)[1])


def _reconcile(
    series: EventSeries,
    members: list[Event],
    *,
    edited: Event,
    template: Event,
    actor: User,
    changes: set[str],
    confirm: bool,
) -> Saved:
    """Make a series' occurrences follow its rule and the edited values (inside a transaction).

    Occurrences are matched on their local date: a kept date keeps its row (crew, cues,
    incidents) and moves to the new time; a new date gets a new row with the edited event's
    crew; a dropped date is deleted. Occurrences edited on their own keep their own times."""
    tz = template.tz
    old_tz = zone(series.timezone)
    wall = wall_duration(template)
    first_date = series.first_start.astimezone(old_tz).date()
    series.first_start = place(datetime.datetime.combine(first_date, template.local_start.time()), tz)
    series.timezone, series.duration = template.timezone, wall
    starts = expand(series.rrule, first_start=series.first_start, tz=tz, excluded_dates=series.excluded_dates)
    if not starts:
        raise EventInvalid(_("The repeat rule gives no dates; check its end."))
    shared = {f: getattr(template, f) for f in SHARED_FIELDS if f in changes}
    shared["timezone"] = template.timezone
    calls_of = {m.pk: list(m.crew_calls.all()) for m in members}
    # The edited event's crew, with call times relative to its start, for new occurrences.
    crew = [(c, c.call_time - edited.starts_at) for c in calls_of.get(edited.pk, [])]
    existing = {original_start(m).astimezone(old_tz).date(): m for m in members}
    updated, created, moved = [], [], []
    for start in starts:
        end = local_end(start, wall, tz)
        occurrence = existing.pop(start.date(), None)
        if occurrence is None:
            created.append(copy_event(template, start=start, end=end, series=series))
            continue
        if "status" in shared and occurrence.status != shared["status"]:
            Event.workflow.check(occurrence, shared["status"], actor=actor)  # the table decides, as for one event
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
        clashes += dated(found, occurrence.starts_at, tz)
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
