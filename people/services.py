"""People workflows: every change to crew records, assignments, availability and time goes through here.

Each function takes the object first and the acting user as `actor=`, checks the actor's
permission with `has_perm` (roles and object grants alike), runs in one transaction,
writes the activity entry inside it and refuses with a domain error before anything is
written.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from dragonfly.activity.services import record_activity
from productions.models import Production

from .errors import CertificationMissing, PeopleInvalid, ScheduleConflict, TimeEntryLocked
from .fatigue import Shift, context_window, fatigue_warnings, zone_of
from .models import (
    TIME_TRANSITIONS,
    Assignment,
    Certification,
    CertificationKind,
    Person,
    Position,
    Team,
    TimeEntry,
    TimeStatus,
    Unavailability,
    WorkRules,
)

CENT = Decimal("0.01")
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "email",
    "phone",
    "department",
    "team",
    "skills",
    "day_rate",
    "currency",
    "emergency_contact_name",
    "emergency_contact_phone",
    "notes",
    "active",
    "user",
)
TEAM_FIELDS = ("name", "department", "lead", "description")


def _require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def local_date(moment, organization):
    return moment.astimezone(zone_of(organization)).date()


# --- crew records and teams ---------------------------------------------------------------------
def create_person(workspace, *, actor, **fields):
    _require(actor, "people.add_person", workspace, "Your role does not add crew in this workspace.")
    data = _clean_person_fields(workspace, fields)
    data.setdefault("currency", workspace.organization.currency)
    with transaction.atomic():
        try:
            with transaction.atomic():
                person = Person.objects.create(workspace=workspace, **data)
        except IntegrityError as exc:
            raise PeopleInvalid("That login already has a crew record in this workspace.") from exc
        record_activity(person, actor=actor, verb="person.created")
    return person


def update_person(person, *, actor, **fields):
    _require(actor, "people.change_person", person, "You may not edit this crew record.")
    data = _clean_person_fields(person.workspace, fields)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changed = [k for k, v in data.items() if getattr(person, k) != v]
        for key, value in data.items():
            setattr(person, key, value)
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError as exc:
            raise PeopleInvalid("That login already has a crew record in this workspace.") from exc
        record_activity(person, actor=actor, verb="person.edited", data={"changed": changed})
    return person


def _clean_person_fields(workspace, fields):
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    data = dict(fields)
    if not (data.get("first_name") or "").strip() and "first_name" in data:
        raise PeopleInvalid("A crew record needs a first name.")
    team = data.get("team")
    if team is not None and team.workspace_id != workspace.pk:
        raise PeopleInvalid("That team belongs to another workspace.")
    if data.get("day_rate") is not None and data["day_rate"] < 0:
        raise PeopleInvalid("A day rate cannot be negative.")
    return data


def create_team(workspace, *, actor, **fields):
    _require(actor, "people.add_team", workspace, "Your role does not create teams in this workspace.")
    data = _clean_team_fields(workspace, fields)
    with transaction.atomic():
        try:
            with transaction.atomic():
                team = Team.objects.create(workspace=workspace, **data)
        except IntegrityError as exc:
            raise PeopleInvalid(f"A team called “{data.get('name')}” already exists here.") from exc
        record_activity(team, actor=actor, verb="team.created")
    return team


def update_team(team, *, actor, **fields):
    _require(actor, "people.change_team", team, "You may not edit this team.")
    data = _clean_team_fields(team.workspace, fields)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        for key, value in data.items():
            setattr(team, key, value)
        try:
            with transaction.atomic():
                team.save()
        except IntegrityError as exc:
            raise PeopleInvalid(f"A team called “{team.name}” already exists here.") from exc
        record_activity(team, actor=actor, verb="team.edited")
    return team


def _clean_team_fields(workspace, fields):
    unknown = set(fields) - set(TEAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown team fields: {sorted(unknown)}")
    lead = fields.get("lead")
    if lead is not None and lead.workspace_id != workspace.pk:
        raise PeopleInvalid("The lead must be a crew member of this workspace.")
    if "name" in fields and not (fields["name"] or "").strip():
        raise PeopleInvalid("A team needs a name.")
    return dict(fields)


def create_position(workspace, *, actor, name, department="", required_certifications=(), notes=""):
    """A job on a show; `required_certifications` are certificate types (CertificationKind values)."""
    _require(actor, "people.add_position", workspace, "Your role does not create positions in this workspace.")
    required = list(dict.fromkeys(required_certifications))
    unknown = [k for k in required if k not in CertificationKind.values]
    if unknown:
        raise PeopleInvalid(f"Unknown certificate type(s): {', '.join(unknown)}.")
    if not (name or "").strip():
        raise PeopleInvalid("A position needs a name.")
    with transaction.atomic():
        try:
            with transaction.atomic():
                position = Position.objects.create(
                    workspace=workspace,
                    name=name.strip(),
                    department=department,
                    required_certifications=required,
                    notes=notes,
                )
        except IntegrityError as exc:
            raise PeopleInvalid(f"A position called “{name}” already exists here.") from exc
        record_activity(position, actor=actor, verb="position.created", data={"requires": required})
    return position


# --- certifications ----------------------------------------------------------------------------
def add_certification(
    person, *, actor, kind, name="", issuer="", number="", issued_on=None, expires_on=None, document=None, notes=""
):
    """Record a certificate; `document` (an upload) goes to the private documents bucket."""
    _require(actor, "people.add_certification", person, "You may not add certificates for this person.")
    if kind not in CertificationKind.values:
        raise PeopleInvalid(f"Unknown certificate type “{kind}”.")
    if issued_on and expires_on and expires_on < issued_on:
        raise PeopleInvalid("A certificate cannot expire before it was issued.")
    from dragonfly.files.services import store_upload

    with transaction.atomic():
        cert = Certification.objects.create(
            workspace_id=person.workspace_id,
            person=person,
            kind=kind,
            name=name,
            issuer=issuer,
            number=number,
            issued_on=issued_on,
            expires_on=expires_on,
            notes=notes,
        )
        if document is not None:
            cert.document = store_upload(
                document, bucket="documents", actor=actor, workspace=person.workspace, attach_to=cert
            )
            cert.save(update_fields=["document"])
        record_activity(
            cert,
            actor=actor,
            verb="certification.added",
            data={"person": person.pk, "kind": kind, "expires_on": expires_on},
        )
    return cert


def remove_certification(cert, *, actor):
    _require(actor, "people.delete_certification", cert, "You may not remove this certificate.")
    with transaction.atomic():
        record_activity(cert, actor=actor, verb="certification.removed", data={"person": cert.person_id})
        cert.delete()


def missing_certifications(person, position, start, end):
    """Why `person` may not work `position` from `start` to `end`: one reason per required type, or []."""
    required = [k for k in position.required_certifications if k]
    if not required:
        return []
    org = person.workspace.organization
    first_day, last_day = local_date(start, org), local_date(end, org)
    labels = dict(CertificationKind.choices)
    held = {}
    for cert in Certification.objects.filter(person=person, kind__in=required):
        held.setdefault(cert.kind, []).append(cert)
    reasons = []
    for kind in required:
        certs = held.get(kind, [])
        label = labels.get(kind, kind)
        if any(c.valid_on(first_day) and c.valid_on(last_day) for c in certs):
            continue
        if not certs:
            reasons.append(f"{person.full_name} has no {label} certificate")
            continue
        latest = max(certs, key=lambda c: c.expires_on or datetime.date.max)
        if latest.expires_on and latest.expires_on < first_day:
            reasons.append(f"{person.full_name}’s {label} certificate expired on {latest.expires_on:%d %b %Y}")
        elif latest.expires_on and latest.expires_on < last_day:
            reasons.append(
                f"{person.full_name}’s {label} certificate expires on {latest.expires_on:%d %b %Y}, "
                f"before the shift ends"
            )
        else:
            reasons.append(f"{person.full_name}’s {label} certificate is not valid yet on {first_day:%d %b %Y}")
    return reasons


# --- assignments -------------------------------------------------------------------------------
def assign_person(
    person, *, actor, event=None, production=None, position, call_time, end_time, notes="", override_note=""
):
    """Put a person on an event or production in a position.

    Refused when they are already assigned at that time, or when the position needs a
    certificate they lack on the show dates — unless someone allowed to override gives a
    note, which is logged. Fatigue rules only warn: the warnings are kept on the assignment.
    """
    _require(actor, "people.add_assignment", person, "Your role does not assign this person.")
    production = _where(actor, person, event, production)
    _check_times(call_time, end_time)
    if position.workspace_id != person.workspace_id:
        raise PeopleInvalid("That position belongs to another workspace.")
    override_note = (override_note or "").strip()
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("workspace__organization").get(pk=person.pk)
        )
        clash = Assignment.objects.filter(person=person).overlapping(call_time, end_time).first()
        if clash is not None:
            raise ScheduleConflict(
                f"{person.full_name} is already assigned as {clash.position} "
                f"from {_fmt(clash.call_time, person)} to {_fmt(clash.end_time, person)}."
            )
        missing = missing_certifications(person, position, call_time, end_time)
        if missing:
            if not override_note:
                raise CertificationMissing(missing)
            _require(
                actor,
                "people.override_certificate_check",
                person,
                "Only an admin may override a missing certificate.",
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


def unassign(assignment, *, actor, note=""):
    _require(actor, "people.delete_assignment", assignment, "You may not remove this assignment.")
    with transaction.atomic():
        record_activity(
            assignment,
            actor=actor,
            verb="assignment.removed",
            note=note,
            data={"person": assignment.person_id, "call_time": assignment.call_time},
        )
        assignment.delete()


def shift_warnings(person, start, end, *, exclude_pk=None):
    """Fatigue and availability warnings for a shift `person` would work from `start` to `end`."""
    org = person.workspace.organization
    rules = WorkRules.for_organization(org)
    low, high = context_window(start, end, rules)
    neighbours = Assignment.objects.filter(person=person).overlapping(low, high).exclude(pk=exclude_pk)
    shifts = [Shift(a.pk, a.call_time, a.end_time) for a in neighbours.only("pk", "call_time", "end_time")]
    shifts.append(Shift("new", start, end))
    warnings = list(fatigue_warnings(shifts, rules, zone_of(org)).get("new", []))
    first, last = local_date(start, org), local_date(end, org)
    away = Unavailability.objects.filter(person=person, start_date__lte=last, end_date__gte=first).first()
    if away is not None:
        reason = f" ({away.reason})" if away.reason else ""
        period = f"{away.start_date:%d %b}–{away.end_date:%d %b}"
        warnings.append(f"{person.full_name} is marked unavailable {period}{reason}.")
    return warnings


def _where(actor, person, event, production):
    if event is not None:
        from events.models import Event

        if event.workspace_id != person.workspace_id:
            raise PeopleInvalid("That event belongs to another workspace.")
        if not Event.objects.visible_to(actor).filter(pk=event.pk).exists():
            raise PeopleInvalid("That event does not exist or you cannot see it.")
        production = production or event.production
    if production is None and event is None:
        raise PeopleInvalid("Choose the event or production the person works on.")
    if production is not None:
        if production.workspace_id != person.workspace_id:
            raise PeopleInvalid("That production belongs to another workspace.")
        if not Production.objects.visible_to(actor).filter(pk=production.pk).exists():
            raise PeopleInvalid("That production does not exist or you cannot see it.")
    return production


def _check_times(start, end):
    if start is None or end is None:
        raise PeopleInvalid("Give a call time and an end time.")
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise PeopleInvalid("Times must carry a timezone.")
    if end <= start:
        raise PeopleInvalid("The end time must be after the call time.")
    if end - start > datetime.timedelta(hours=24):
        raise PeopleInvalid("A shift lasts at most 24 hours; split longer work into several shifts.")


def _fmt(moment, person):
    return moment.astimezone(zone_of(person.workspace.organization)).strftime("%d %b %H:%M")


# --- availability ------------------------------------------------------------------------------
def add_unavailability(person, *, actor, start_date, end_date, reason=""):
    _require(actor, "people.add_unavailability", person, "You may not enter unavailability for this person.")
    if start_date is None or end_date is None or end_date < start_date:
        raise PeopleInvalid("The last day cannot be before the first day.")
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


def remove_unavailability(away, *, actor):
    _require(actor, "people.delete_unavailability", away, "You may not remove this period.")
    with transaction.atomic():
        record_activity(away, actor=actor, verb="unavailability.removed", data={"person": away.person_id})
        away.delete()


# --- time -------------------------------------------------------------------------------------
def clock_in(person, *, actor, assignment=None, production=None, at=None):
    """Start the clock for `person` now (or `at`); one open entry per person at a time."""
    _require(actor, "people.add_timeentry", person, "You may not log time for this person.")
    at = at or timezone.now()
    event = None
    if assignment is not None:
        if assignment.person_id != person.pk:
            raise PeopleInvalid("That assignment is someone else’s.")
        production, event = assignment.production, assignment.event
    _check_production(actor, person, production)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if TimeEntry.objects.filter(person=person, status=TimeStatus.OPEN).exists():
            raise TimeEntryLocked(f"{person.full_name} is already clocked in.")
        entry = TimeEntry.objects.create(
            workspace_id=person.workspace_id,
            person=person,
            assignment=assignment,
            production=production,
            event=event,
            work_date=local_date(at, person.workspace.organization),
            clock_in=at,
            status=TimeStatus.OPEN,
            created_by=actor,
        )
        record_activity(entry, actor=actor, verb="time.clocked_in", to_state=TimeStatus.OPEN)
    return entry


def clock_out(entry, *, actor, break_minutes=0, notes="", at=None):
    """Stop the clock: the entry's hours are the time between, less breaks, and it waits for approval."""
    with transaction.atomic():
        entry = _lock_entry(entry)
        _require(actor, "people.change_timeentry", entry, "You may not change this time entry.")
        if entry.status != TimeStatus.OPEN:
            raise TimeEntryLocked("This time entry is not clocked in.")
        at = at or timezone.now()
        if at <= entry.clock_in:
            raise PeopleInvalid("Clock-out must be after clock-in.")
        entry.clock_out = at
        entry.break_minutes = _minutes(break_minutes)
        entry.hours = net_hours(at - entry.clock_in, entry.break_minutes)
        entry.notes = (notes or entry.notes).strip()
        _move(
            entry,
            TimeStatus.PENDING,
            actor=actor,
            verb="time.clocked_out",
            fields=["clock_out", "break_minutes", "hours", "notes"],
        )
    return entry


def log_hours(person, *, actor, work_date, hours, break_minutes=0, production=None, assignment=None, notes=""):
    """Enter hours for a day (on site, less breaks) instead of clocking in and out."""
    _require(actor, "people.add_timeentry", person, "You may not log time for this person.")
    event = None
    if assignment is not None:
        if assignment.person_id != person.pk:
            raise PeopleInvalid("That assignment is someone else’s.")
        production, event = production or assignment.production, assignment.event
    _check_production(actor, person, production)
    if work_date is None:
        raise PeopleInvalid("Give the day worked.")
    if work_date > timezone.localdate() + datetime.timedelta(days=1):
        raise PeopleInvalid("Hours cannot be logged for days that have not happened yet.")
    worked = net_hours(_hours(hours), _minutes(break_minutes))
    with transaction.atomic():
        entry = TimeEntry.objects.create(
            workspace_id=person.workspace_id,
            person=person,
            assignment=assignment,
            production=production,
            event=event,
            work_date=work_date,
            break_minutes=_minutes(break_minutes),
            hours=worked,
            status=TimeStatus.PENDING,
            notes=(notes or "").strip(),
            created_by=actor,
        )
        record_activity(entry, actor=actor, verb="time.logged", to_state=TimeStatus.PENDING, data={"hours": worked})
    return entry


def update_time_entry(entry, *, actor, hours=None, break_minutes=None, notes=None, work_date=None):
    """Correct an entry that is waiting or was sent back; it goes (back) to waiting for approval."""
    with transaction.atomic():
        entry = _lock_entry(entry)
        _require(actor, "people.change_timeentry", entry, "You may not change this time entry.")
        if entry.status not in (TimeStatus.PENDING, TimeStatus.REJECTED):
            raise TimeEntryLocked(_locked_message(entry))
        if break_minutes is not None:
            entry.break_minutes = _minutes(break_minutes)
        if hours is not None:
            entry.hours = net_hours(_hours(hours), entry.break_minutes)
        elif entry.clock_in and entry.clock_out:
            entry.hours = net_hours(entry.clock_out - entry.clock_in, entry.break_minutes)
        if notes is not None:
            entry.notes = notes.strip()
        if work_date is not None:
            entry.work_date = work_date
        _move(
            entry,
            TimeStatus.PENDING,
            actor=actor,
            verb="time.edited",
            fields=["hours", "break_minutes", "notes", "work_date"],
        )
    return entry


def approve_time_entry(entry, *, actor, note=""):
    """A Navigator or stronger approves hours; approved entries are locked."""
    with transaction.atomic():
        entry = _lock_entry(entry)
        _require(actor, "people.approve_timeentry", entry, "Your role does not approve time here.")
        if entry.person.user_id and entry.person.user_id == actor.pk:
            raise PermissionDenied("Someone else must approve your own hours.")
        if entry.status != TimeStatus.PENDING:
            raise TimeEntryLocked(_locked_message(entry, "approved"))
        entry.approved_by, entry.approved_at, entry.review_note = actor, timezone.now(), (note or "").strip()
        _move(
            entry,
            TimeStatus.APPROVED,
            actor=actor,
            verb="time.approved",
            note=entry.review_note,
            fields=["approved_by", "approved_at", "review_note"],
        )
    return entry


def reject_time_entry(entry, *, actor, note):
    note = (note or "").strip()
    with transaction.atomic():
        entry = _lock_entry(entry)
        _require(actor, "people.approve_timeentry", entry, "Your role does not review time here.")
        if entry.status != TimeStatus.PENDING:
            raise TimeEntryLocked(_locked_message(entry, "sent back"))
        if not note:
            raise PeopleInvalid("Say what needs fixing.")
        entry.review_note = note
        _move(entry, TimeStatus.REJECTED, actor=actor, verb="time.rejected", note=note, fields=["review_note"])
    return entry


def bulk_approve(entry_ids, *, actor):
    """Approve many entries, each in its own transaction; returns (approved, [(id, reason), ...])."""
    visible = TimeEntry.objects.visible_to(actor)
    done, refused = [], []
    for raw in dict.fromkeys(entry_ids):
        entry = visible.filter(pk=raw).first() if str(raw).isdigit() else None
        if entry is None:
            refused.append((raw, "This entry does not exist or you cannot see it."))
            continue
        try:
            done.append(approve_time_entry(entry, actor=actor))
        except (PeopleInvalid, TimeEntryLocked, PermissionDenied) as exc:
            refused.append((entry.pk, str(exc)))
    return done, refused


def net_hours(span, break_minutes):
    """Hours worked from a duration (timedelta) or a number of hours, less breaks, to the cent."""
    gross = Decimal(span.total_seconds()) / Decimal(3600) if isinstance(span, datetime.timedelta) else Decimal(span)
    net = gross - Decimal(break_minutes) / Decimal(60)
    if net < 0:
        raise PeopleInvalid("The break is longer than the time worked.")
    if net > 24:
        raise PeopleInvalid("A day has at most 24 hours.")
    return net.quantize(CENT)


def _hours(value):
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise PeopleInvalid("Hours must be a number, such as 7.5.") from exc
    if not hours.is_finite() or hours <= 0 or hours > 24:
        raise PeopleInvalid("Hours must be more than 0 and at most 24.")
    return hours


def _minutes(value):
    try:
        minutes = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise PeopleInvalid("Breaks are whole minutes.") from exc
    if minutes < 0 or minutes > 24 * 60:
        raise PeopleInvalid("Breaks are between 0 and 1440 minutes.")
    return minutes


def _check_production(actor, person, production):
    if production is None:
        return
    if production.workspace_id != person.workspace_id:
        raise PeopleInvalid("That production belongs to another workspace.")
    if not Production.objects.visible_to(actor).filter(pk=production.pk).exists():
        raise PeopleInvalid("That production does not exist or you cannot see it.")


def _lock_entry(entry):
    return (
        TimeEntry.objects.select_for_update(of=("self",))
        .select_related("person", "workspace__organization")
        .get(pk=entry.pk)
    )


def _locked_message(entry, doing="changed"):
    if entry.status == TimeStatus.APPROVED:
        return "This time entry is approved and locked."
    if entry.status == TimeStatus.OPEN:
        return "This time entry is still clocked in; clock out first."
    return f"A time entry that is {entry.get_status_display().lower()} cannot be {doing}."


def _move(entry, to_status, *, actor, verb, note="", fields=()):
    from_status = entry.status
    if TimeStatus(to_status) not in TIME_TRANSITIONS[TimeStatus(from_status)]:
        raise TimeEntryLocked(_locked_message(entry))
    entry.status = to_status
    entry.save(update_fields=["status", "updated_at", *fields])
    record_activity(
        entry,
        actor=actor,
        verb=verb,
        from_state=from_status,
        to_state=to_status,
        note=note,
        data={"hours": entry.hours},
    )


__all__ = [
    "create_position",
    "add_certification",
    "add_unavailability",
    "approve_time_entry",
    "assign_person",
    "bulk_approve",
    "clock_in",
    "clock_out",
    "create_person",
    "create_team",
    "log_hours",
    "missing_certifications",
    "reject_time_entry",
    "remove_certification",
    "remove_unavailability",
    "shift_warnings",
    "unassign",
    "update_person",
    "update_team",
    "update_time_entry",
]
