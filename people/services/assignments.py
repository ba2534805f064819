"""Assignments (who works which shift, checked against certificates and fatigue rules) and unavailability."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.tenancy.access import local_today, org_timezone
from productions.models import Production

from ..errors import CertificationMissing, PeopleInvalid, ScheduleConflict
from ..fatigue import Shift, context_window, fatigue_warnings
from ..models import (
    Assignment,
    Certification,
    CertificationKind,
    Person,
    Unavailability,
    WorkRules,
    expiry_distance,
)
from ._common import fmt_shift, local_date, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from events.models import Event

    from ..models import Position


def missing_certifications(
    person: Person, position: Position, start: datetime.datetime, end: datetime.datetime
) -> list[str]:
    """Why `person` may not work `position` from `start` to `end`: one reason per required type, or []."""
    required = [k for k in position.required_certifications if k]
    if not required:
        return []
    org = person.workspace.organization
    first_day, last_day = local_date(start, org), local_date(end, org)
    labels = dict(CertificationKind.choices)
    held: dict[str, list[Certification]] = {}
    for cert in Certification.objects.filter(person=person, kind__in=required):
        held.setdefault(cert.kind, []).append(cert)
    reasons = []
    for kind in required:
        certs = held.get(kind, [])
        label = labels.get(kind, kind)
        if any(c.valid_on(first_day) and c.valid_on(last_day) for c in certs):
            continue
        if not certs:
            reasons.append(_("%(person)s has no %(label)s certificate") % {"person": person.full_name, "label": label})
            continue
        latest = max(certs, key=lambda c: c.expires_on or datetime.date.max)
        if latest.expires_on and latest.expires_on < first_day:
            # "expired" only when it has: a ticket lapsing between now and the shift still expires
            when = expiry_distance(latest.expires_on, local_today(org))
            if latest.expires_on < local_today(org):
                reasons.append(
                    _("%(person)s’s %(label)s certificate expired on %(date)s (%(when)s)")
                    % {
                        "person": person.full_name,
                        "label": label,
                        "date": date_format(latest.expires_on, "d M Y"),
                        "when": when,
                    }
                )
            else:
                reasons.append(
                    _("%(person)s’s %(label)s certificate expires on %(date)s (%(when)s), before the shift starts")
                    % {
                        "person": person.full_name,
                        "label": label,
                        "date": date_format(latest.expires_on, "d M Y"),
                        "when": when,
                    }
                )
        elif latest.expires_on and latest.expires_on < last_day:
            reasons.append(
                _("%(person)s’s %(label)s certificate expires on %(date)s, before the shift ends")
                % {"person": person.full_name, "label": label, "date": date_format(latest.expires_on, "d M Y")}
            )
        else:
            reasons.append(
                _("%(person)s’s %(label)s certificate is not valid yet on %(date)s")
                % {"person": person.full_name, "label": label, "date": date_format(first_day, "d M Y")}
            )
    return reasons


# --- assignments -------------------------------------------------------------------------------
def assign_person(
    person: Person,
    *,
    actor: User,
    event: Event | None = None,
    production: Production | None = None,
    position: Position,
    call_time: datetime.datetime,
    end_time: datetime.datetime,
    notes: str = "",
    override_note: str | None = "",
) -> Assignment:
    """Put a person on an event or production in a position.

    Refused when they are already assigned at that time, or when the position needs a
    certificate they lack on the show dates — unless someone allowed to override gives a
    note, which is logged. Fatigue rules only warn: the warnings are kept on the assignment.
    """
    require(actor, "people.add_assignment", person, _("Your role does not assign this person."))
    production = _where(actor, person, event, production)
    _check_times(call_time, end_time)
    if position.workspace_id != person.workspace_id:
        raise PeopleInvalid(_("That position belongs to another workspace."))
    override_note = (override_note or "").strip()
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("workspace__organization").get(pk=person.pk)
        )
        clash = Assignment.objects.filter(person=person).overlapping(call_time, end_time).first()
        if clash is not None:
            raise ScheduleConflict(
                _("%(full_name)s is already assigned as %(position)s from %(start)s to %(end)s.")
                % {
                    "full_name": person.full_name,
                    "position": clash.position,
                    "start": fmt_shift(clash.call_time, clash),
                    "end": fmt_shift(clash.end_time, clash),
                }
            )
        missing = missing_certifications(person, position, call_time, end_time)
        if missing:
            if not override_note:
                raise CertificationMissing(missing)
            require(
                actor,
                "people.override_certificate_check",
                person,
                _("Only an admin may override a missing certificate."),
            )
        warnings = shift_warnings(person, call_time, end_time)
        assignment = Assignment(
            workspace_id=person.workspace_id,
            person=person,
            production=production,
            event=event,
            position=position,
            call_time=call_time,
            end_time=end_time,
            notes=notes,
            warnings=warnings,
            assigned_by=actor,
        )
        if missing:
            assignment.override_note, assignment.overridden_by = override_note, actor
        assignment.save()
        record_activity(
            assignment,
            actor=actor,
            verb="assignment.created",
            data={"person": person.pk, "position": position.name, "warnings": warnings},
        )
        if missing:
            record_activity(
                assignment,
                actor=actor,
                verb="assignment.certificate_override",
                note=override_note,
                data={"missing": missing},
            )
    return assignment


def unassign(assignment: Assignment, *, actor: User, note: str = "") -> None:
    require(actor, "people.delete_assignment", assignment, _("You may not remove this assignment."))
    with transaction.atomic():
        record_activity(
            assignment,
            actor=actor,
            verb="assignment.removed",
            note=note,
            data={"person": assignment.person_id, "call_time": assignment.call_time},
        )
        assignment.delete()


def shift_warnings(
    person: Person, start: datetime.datetime, end: datetime.datetime, *, exclude_pk: int | None = None
) -> list[str]:
    """Fatigue and availability warnings for a shift `person` would work from `start` to `end`."""
    org = person.workspace.organization
    rules = WorkRules.for_organization(org)
    low, high = context_window(start, end, rules)
    # exclude(pk=None) is "pk IS NULL": it excludes nothing, which django-stubs' lookup check does not allow for.
    neighbours = Assignment.objects.filter(person=person).overlapping(low, high).exclude(pk=exclude_pk)  # type: ignore[misc]
    shifts = [Shift(a.pk, a.call_time, a.end_time) for a in neighbours.only("pk", "call_time", "end_time")]
    shifts.append(Shift("new", start, end))
    warnings = list(fatigue_warnings(shifts, rules, org_timezone(org)).get("new", []))
    first, last = local_date(start, org), local_date(end, org)
    away = Unavailability.objects.filter(person=person, start_date__lte=last, end_date__gte=first).first()
    if away is not None:
        reason = f" ({away.reason})" if away.reason else ""
        period = f"{away.start_date:%d %b}–{away.end_date:%d %b}"
        warnings.append(
            _("%(person)s is marked unavailable %(period)s%(reason)s.")
            % {"person": person.full_name, "period": period, "reason": reason}
        )
    return warnings


def _where(actor, person, event, production):
    if event is not None:
        from events.models import Event

        if event.workspace_id != person.workspace_id:
            raise PeopleInvalid(_("That event belongs to another workspace."))
        if not Event.objects.visible_to(actor).filter(pk=event.pk).exists():
            raise PeopleInvalid(_("That event does not exist or you cannot see it."))
        production = production or event.production
    if production is None and event is None:
        raise PeopleInvalid(_("Choose the event or production the person works on."))
    if production is not None:
        if production.workspace_id != person.workspace_id:
            raise PeopleInvalid(_("That production belongs to another workspace."))
        if not Production.objects.visible_to(actor).filter(pk=production.pk).exists():
            raise PeopleInvalid(_("That production does not exist or you cannot see it."))
    return production


def _check_times(start, end):
    if start is None or end is None:
        raise PeopleInvalid(_("Give a call time and an end time."))
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise PeopleInvalid(_("Give the times with their timezone, such as 2027-06-10T08:00+02:00."))
    if end <= start:
        raise PeopleInvalid(_("The end time must be after the call time."))
    if end - start > datetime.timedelta(hours=24):
        raise PeopleInvalid(_("A shift lasts at most 24 hours; split longer work into several shifts."))


# --- availability ------------------------------------------------------------------------------
def add_unavailability(
    person: Person, *, actor: User, start_date: datetime.date, end_date: datetime.date, reason: str | None = ""
) -> Unavailability:
    require(actor, "people.add_unavailability", person, _("You may not enter unavailability for this person."))
    if start_date is None or end_date is None or end_date < start_date:
        raise PeopleInvalid(_("The last day cannot be before the first day."))
    with transaction.atomic():
        away = Unavailability.objects.create(
            workspace_id=person.workspace_id,
            person=person,
            start_date=start_date,
            end_date=end_date,
            reason=(reason or "").strip()[:200],
            created_by=actor,
        )
        record_activity(away, actor=actor, verb="unavailability.added", data={"person": person.pk})
    return away


def remove_unavailability(away: Unavailability, *, actor: User) -> None:
    require(actor, "people.delete_unavailability", away, _("You may not remove this period."))
    with transaction.atomic():
        record_activity(away, actor=actor, verb="unavailability.removed", data={"person": away.person_id})
        away.delete()
