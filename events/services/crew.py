"""Crew calls: booking a person on an event from their call time. A double booking (the person is
already on another event then) is refused unless the caller confirms it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import display_name
from locations.errors import LocationInvalid
from locations.services import check_zone

from ..conflicts import Clash, check_schedule_conflict, has_hard
from ..errors import EventInvalid, ScheduleConflict
from ..models import CrewCall, Event
from ._common import check_person, clean_text, require
from ._schedule import KEEP, call_offset, clash_data

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from locations.models import Zone


def add_crew_call(
    event: Event,
    *,
    actor: User,
    user: User,
    call_time: datetime.datetime | None = None,
    role_title: str = "",
    notes: str = "",
    zone: Zone | None = None,
    confirm_conflicts: bool = False,
) -> tuple[CrewCall, list[Clash]]:
    """Book a person on an event from their call time; refuses a double booking unless confirmed."""
    require(actor, "events.add_crewcall", event, _("You may not book crew on this event."))
    check_person(event.workspace, user, _("crew member"))
    call = CrewCall(
        event=event,
        user=user,
        role_title=clean_text(role_title, _("role"), max_length=100),
        notes=clean_text(notes, _("notes"), max_length=300),
    )
    try:
        call.zone = check_zone(zone, workspace=event.workspace, actor=actor)
    except LocationInvalid as exc:
        raise EventInvalid(str(exc)) from None
    call.call_time = event.starts_at + call_offset(event, call_time)
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
            raise EventInvalid(_("%(user)s is already on this event's crew.") % {"user": display_name(user)})
        call.save()
        record_activity(
            event,
            actor=actor,
            verb="event.crew_added",
            data={"user": user.pk, "call_time": call.call_time, **clash_data(clashes)},
        )
    return call, clashes


def update_crew_call(
    call: CrewCall,
    *,
    actor: User,
    call_time: Any = KEEP,
    role_title: Any = KEEP,
    notes: Any = KEEP,
    confirm_conflicts: bool = False,
) -> tuple[CrewCall, list[Clash]]:
    require(actor, "events.change_crewcall", call, _("You may not change this crew call."))
    event = call.event
    was = call.call_time
    if call_time is not KEEP:
        call.call_time = event.starts_at + call_offset(event, call_time)
        call.set_booking(event)
    if role_title is not KEEP:
        call.role_title = clean_text(role_title, _("role"), max_length=100)
    if notes is not KEEP:
        call.notes = clean_text(notes, _("notes"), max_length=300)
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
        if call.call_time != was and call.user_id != actor.pk:
            _tell_of_same_day_change(call, was)
    return call, clashes


def _tell_of_same_day_change(call: CrewCall, was: datetime.datetime) -> None:
    """A call moved on its own day (in the event's zone) is urgent news for the person called: a
    notification (and an SMS to who opted in, integrations/sms). Earlier changes wait for the digest."""
    event = call.event
    today = timezone.localdate(timezone.now(), event.tz)
    if today not in (timezone.localdate(was, event.tz), timezone.localdate(call.call_time, event.tz)):
        return
    before = timezone.localtime(was, event.tz).strftime("%H:%M")
    after = timezone.localtime(call.call_time, event.tz).strftime("%H:%M")
    notify(
        [call.user],
        kind="crew_call.changed",
        title=lambda: (
            _("Your call for %(event)s is now %(after)s (was %(before)s)")
            % {"event": event.title, "after": after, "before": before}
        ),
        url=reverse("events:event", args=[event.pk]),
        workspace=event.workspace,
        trigger="crew_call.changed_today",
        dedupe_key=f"crew-call:{call.pk}:{call.call_time.isoformat()}",
    )


def remove_crew_call(call: CrewCall, *, actor: User) -> None:
    require(actor, "events.delete_crewcall", call, _("You may not change this event's crew."))
    with transaction.atomic():
        record_activity(call.event, actor=actor, verb="event.crew_removed", data={"user": call.user_id})
        call.delete()
