"""Time: clock in and out, log and correct hours, approve or send back (TimeEntry.workflow)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.workflow import transition
from dragonfly.tenancy.access import org_timezone
from productions.models import Production

from ..errors import InvalidTransition, PeopleInvalid, TimeEntryLocked
from ..fatigue import Shift, fatigue_warnings, fmt_hours, is_long_shift
from ..models import Person, TimeEntry, TimeStatus, WorkRules
from ..rates import rate_on
from ..time_models import RATE_UNITS
from ._common import local_date, require
from .assignments import shift_warnings

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from ..models import Assignment

# Hours and break minutes as forms and the API hand them over; _hours() and _minutes() check them.
Hours = Decimal | float | str
Minutes = int | str | None

CENT = Decimal("0.01")
T = TimeStatus
_CLOCK_FIELDS = ["clock_out", "break_minutes", "hours", "notes", "warnings"]
_EDIT_FIELDS = ["hours", "break_minutes", "notes", "work_date", "warnings", "override_note"]


def clock_in(
    person: Person,
    *,
    actor: User,
    assignment: Assignment | None = None,
    production: Production | None = None,
    at: datetime.datetime | None = None,
    rate: Hours | None = None,
    rate_unit: str | None = None,
    currency: str | None = None,
) -> TimeEntry:
    """Start the clock for `person` now (or `at`); one open entry per person at a time.

    The entry's rate is `rate` when given, else the rate a provider knows for the day (people.rates)."""
    require(actor, "people.add_timeentry", person, _("You may not log time for this person."))
    at = at or timezone.now()
    event = None
    if assignment is not None:
        if assignment.person_id != person.pk:
            raise PeopleInvalid(_("That assignment is someone else’s."))
        production, event = assignment.production, assignment.event
    _check_production(actor, person, production)
    work_date = local_date(at, person.workspace.organization)
    paid = rate_fields(person, work_date, rate=rate, rate_unit=rate_unit, currency=currency)
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        if TimeEntry.objects.filter(person=person, status=T.OPEN).exists():
            raise TimeEntryLocked(_("%(full_name)s is already clocked in.") % {"full_name": person.full_name})
        entry = TimeEntry.objects.create(
            workspace_id=person.workspace_id,
            person=person,
            assignment=assignment,
            production=production,
            event=event,
            work_date=work_date,
            clock_in=at,
            status=T.OPEN,
            created_by=actor,
            **paid,
        )
        record_activity(entry, actor=actor, verb="time.clocked_in", to_state=T.OPEN)
    return entry


def clock_out(
    entry: TimeEntry,
    *,
    actor: User,
    break_minutes: Minutes = 0,
    notes: str | None = "",
    at: datetime.datetime | None = None,
) -> TimeEntry:
    """Stop the clock: the entry's hours are the time between, less breaks, and it waits for approval."""
    require(actor, "people.change_timeentry", entry, _("You may not change this time entry."))
    at = at or timezone.now()

    def stop(locked: TimeEntry) -> None:
        # The table lets a waiting entry be changed, not clocked out; an open entry without a
        # clock-in time (edited in the admin) has no start to count from either.
        if locked.status != T.OPEN or locked.clock_in is None:
            raise TimeEntryLocked(_("This time entry is not clocked in."))
        if at <= locked.clock_in:
            raise PeopleInvalid(_("Clock-out must be after clock-in."))
        locked.clock_out, locked.break_minutes = at, _minutes(break_minutes)
        locked.hours = net_hours(at - locked.clock_in, locked.break_minutes)
        locked.notes = (notes or locked.notes).strip()
        # The clock records work that happened: a broken rule is kept for the approver, not refused.
        locked.warnings = time_warnings(locked)

    return _move(entry, T.PENDING, actor=actor, verb="time.clocked_out", prepare=stop, fields=_CLOCK_FIELDS)


def log_hours(
    person: Person,
    *,
    actor: User,
    work_date: datetime.date,
    hours: Hours,
    break_minutes: Minutes = 0,
    production: Production | None = None,
    assignment: Assignment | None = None,
    notes: str | None = "",
    override_note: str | None = "",
    rate: Hours | None = None,
    rate_unit: str | None = None,
    currency: str | None = None,
) -> TimeEntry:
    """Enter hours for a day (on site, less breaks) instead of clocking in and out.

    Refused when the day would hold more than 24 h; hours that break a fatigue rule need an
    `override_note` saying why (kept with the warnings for the approver). The entry's rate is
    `rate` when given, else the rate a provider knows for the day (people.rates: a signed contract's)."""
    require(actor, "people.add_timeentry", person, _("You may not log time for this person."))
    event = None
    if assignment is not None:
        if assignment.person_id != person.pk:
            raise PeopleInvalid(_("That assignment is someone else’s."))
        production, event = production or assignment.production, assignment.event
    _check_production(actor, person, production)
    if work_date is None:
        raise PeopleInvalid(_("Give the day worked."))
    if work_date > timezone.localdate() + datetime.timedelta(days=1):
        raise PeopleInvalid(_("Hours cannot be logged for days that have not happened yet."))
    worked = net_hours(_hours(hours), _minutes(break_minutes))
    paid = rate_fields(person, work_date, rate=rate, rate_unit=rate_unit, currency=currency)
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",)).select_related("workspace__organization").get(pk=person.pk)
        )
        entry = TimeEntry(
            workspace_id=person.workspace_id,
            person=person,
            assignment=assignment,
            production=production,
            event=event,
            work_date=work_date,
            break_minutes=_minutes(break_minutes),
            hours=worked,
            status=T.PENDING,
            notes=(notes or "").strip(),
            created_by=actor,
            **paid,
        )
        _check_day(entry, override_note)
        entry.save()
        record_activity(entry, actor=actor, verb="time.logged", to_state=T.PENDING, data={"hours": worked})
    return entry


def update_time_entry(
    entry: TimeEntry,
    *,
    actor: User,
    hours: Hours | None = None,
    break_minutes: Minutes = None,
    notes: str | None = None,
    work_date: datetime.date | None = None,
    override_note: str | None = None,
    rate: Hours | None = None,
    rate_unit: str | None = None,
    currency: str | None = None,
) -> TimeEntry:
    """Correct an entry that is waiting or was sent back; it goes (back) to waiting for approval.

    The day's limits apply as when logging (log_hours); a note given before still explains it.
    A `rate` given replaces the entry's (in the entry's unit and currency unless others are given)."""
    require(actor, "people.change_timeentry", entry, _("You may not change this time entry."))
    paid = (
        rate_fields(
            entry.person,
            entry.work_date,
            rate=rate,
            rate_unit=rate_unit or entry.rate_unit,
            currency=currency or entry.currency,
        )
        if rate not in (None, "")
        else {}
    )

    def correct(locked: TimeEntry) -> None:
        if locked.status == T.OPEN:  # the table's open → pending is clocking out, not a correction
            raise TimeEntryLocked(_("This time entry is still clocked in; clock out first."))
        if break_minutes is not None:
            locked.break_minutes = _minutes(break_minutes)
        if hours is not None:
            locked.hours = net_hours(_hours(hours), locked.break_minutes)
        elif locked.clock_in and locked.clock_out:
            locked.hours = net_hours(locked.clock_out - locked.clock_in, locked.break_minutes)
        if notes is not None:
            locked.notes = notes.strip()
        if work_date is not None:
            locked.work_date = work_date
        if paid:  # written apart from the diffed fields: the activity log must not carry a rate (personal data)
            TimeEntry.objects.filter(pk=locked.pk).update(**paid)
            for name, value in paid.items():
                setattr(locked, name, value)
        _check_day(locked, locked.override_note if override_note is None else override_note)

    return _move(entry, T.PENDING, actor=actor, verb="time.edited", prepare=correct, fields=_EDIT_FIELDS)


def approve_time_entry(entry: TimeEntry, *, actor: User, note: str | None = "") -> TimeEntry:
    """A Navigator or stronger approves hours; approved entries are locked."""
    require(actor, "people.approve_timeentry", entry, _("Your role does not approve time here."))
    if entry.person.user_id and entry.person.user_id == actor.pk:
        raise PermissionDenied(_("Someone else must approve your own hours."))
    note = (note or "").strip()

    def approve(locked: TimeEntry) -> None:
        locked.approved_by, locked.approved_at, locked.review_note = actor, timezone.now(), note

    return _move(
        entry,
        T.APPROVED,
        actor=actor,
        verb="time.approved",
        note=note,
        prepare=approve,
        fields=["approved_by", "approved_at", "review_note"],
    )


def reject_time_entry(entry: TimeEntry, *, actor: User, note: str | None) -> TimeEntry:
    require(actor, "people.approve_timeentry", entry, _("Your role does not review time here."))
    note = (note or "").strip()

    def send_back(locked: TimeEntry) -> None:
        if not note:
            raise PeopleInvalid(_("Say what needs fixing."))
        locked.review_note = note

    return _move(
        entry, T.REJECTED, actor=actor, verb="time.rejected", note=note, prepare=send_back, fields=["review_note"]
    )


def bulk_approve(entry_ids: Iterable[int | str], *, actor: User) -> tuple[list[TimeEntry], list[tuple[int | str, str]]]:
    """Approve many entries, each in its own transaction; returns (approved, [(id, reason), ...])."""
    visible = TimeEntry.objects.visible_to(actor)
    done, refused = [], []
    for raw in dict.fromkeys(entry_ids):
        entry = visible.filter(pk=raw).first() if str(raw).isdigit() else None
        if entry is None:
            refused.append((raw, _("This entry does not exist or you cannot see it.")))
            continue
        try:
            done.append(approve_time_entry(entry, actor=actor))
        except (PeopleInvalid, InvalidTransition, TimeEntryLocked, PermissionDenied) as exc:
            refused.append((entry.pk, str(exc)))
    return done, refused


def rate_fields(
    person: Person,
    day: datetime.date,
    *,
    rate: Hours | None = None,
    rate_unit: str | None = None,
    currency: str | None = None,
) -> dict[str, object]:
    """A time entry's rate, unit and currency: the ones given (unit per day and the crew record's
    currency unless said), else a rate provider's for the day, else none."""
    if rate is None or rate == "":
        found = rate_on(person, day)
        if found is None:
            return {"rate": None, "rate_unit": "", "currency": ""}
        return {"rate": found.rate, "rate_unit": found.unit, "currency": found.currency}
    try:
        value = Decimal(str(rate))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise PeopleInvalid(_("The rate must be a number, such as 350.")) from exc
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise PeopleInvalid(_("The rate must be 0 or more."))
    unit = rate_unit or "day"
    if unit not in dict(RATE_UNITS):
        raise PeopleInvalid(_("The rate is per hour, per day or a flat fee."))
    code = (currency or person.currency or "").strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise PeopleInvalid(_("Give the currency as a three-letter code, such as EUR."))
    return {"rate": value.quantize(CENT), "rate_unit": unit, "currency": code}


def net_hours(span: datetime.timedelta | Hours, break_minutes: int) -> Decimal:
    """Hours worked from a duration (timedelta) or a number of hours, less breaks, to the cent."""
    gross = Decimal(span.total_seconds()) / Decimal(3600) if isinstance(span, datetime.timedelta) else Decimal(span)
    net = gross - Decimal(break_minutes) / Decimal(60)
    if net < 0:
        raise PeopleInvalid(_("The break is longer than the time worked."))
    if net > 24:
        raise PeopleInvalid(_("The hours less breaks come to more than 24; a day has at most 24 hours."))
    return net.quantize(CENT)


def time_warnings(entry: TimeEntry) -> list[str]:
    """The fatigue warnings for `entry`: the assignments' rules (fatigue.fatigue_warnings through
    assignments.shift_warnings) when its times are known, and the longest-shift rule on the day's total."""
    person, org = entry.person, entry.person.workspace.organization
    warnings = []
    start, end = entry.clock_in, entry.clock_out
    if (start is None or end is None) and entry.assignment is not None:
        start = entry.assignment.call_time
        end = start + datetime.timedelta(hours=float(entry.hours), minutes=entry.break_minutes)
    if start is not None and end is not None:
        warnings = shift_warnings(person, start, end, exclude_pk=entry.assignment_id)
    day_hours = _day_hours(entry) + entry.hours
    midnight = datetime.datetime.combine(entry.work_date, datetime.time(), tzinfo=org_timezone(org))
    day = Shift("day", midnight, midnight + datetime.timedelta(hours=float(day_hours)))
    for text in fatigue_warnings([day], WorkRules.for_organization(org)).get("day", []):
        if text not in warnings and not (start and any(is_long_shift(w) for w in warnings)):
            warnings.append(text)
    return warnings


def _day_hours(entry: TimeEntry) -> Decimal:
    """Hours the person already has on the entry's day in other entries (those sent back are being redone)."""
    others = TimeEntry.objects.filter(person_id=entry.person_id, work_date=entry.work_date).exclude(status=T.REJECTED)
    if entry.pk:
        others = others.exclude(pk=entry.pk)
    return sum((e.hours for e in others.only("hours")), Decimal(0))


def _check_day(entry: TimeEntry, override_note: str | None) -> None:
    """Refuse a day over 24 h; ask for a note when the hours break a fatigue rule, and keep both."""
    before = _day_hours(entry)
    if before + entry.hours > 24:
        raise PeopleInvalid(
            _(
                "%(full_name)s already has %(before)s logged on %(work_date)s; with these %(hours)s the day would "
                "hold %(total)s, and a day has at most 24 h. Correct the hours already logged instead."
            )
            % {
                "full_name": entry.person.full_name,
                "before": fmt_hours(before),
                "work_date": date_format(entry.work_date, "D d M Y"),
                "hours": fmt_hours(entry.hours),
                "total": fmt_hours(before + entry.hours),
            }
        )
    entry.warnings = time_warnings(entry)
    entry.override_note = (override_note or "").strip() if entry.warnings else ""
    if entry.warnings and not entry.override_note:
        raise PeopleInvalid(
            _(
                "These hours break the fatigue rules: %(warnings)s If the hours are right, "
                "add a note saying why (the approver sees it)."
            )
            % {"warnings": " ".join(entry.warnings)}
        )


def _hours(value):
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise PeopleInvalid(_("Hours must be a number, such as 7.5.")) from exc
    if not hours.is_finite() or hours <= 0 or hours > 24:
        raise PeopleInvalid(_("Hours must be more than 0 and at most 24."))
    return hours


def _minutes(value):
    try:
        minutes = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise PeopleInvalid(_("Give breaks as whole minutes, such as 30.")) from exc
    if minutes < 0 or minutes > 24 * 60:
        raise PeopleInvalid(_("Breaks must be between 0 and 1440 minutes (24 hours)."))
    return minutes


def _check_production(actor, person, production):
    if production is None:
        return
    if production.workspace_id != person.workspace_id:
        raise PeopleInvalid(_("That production belongs to another workspace."))
    if not Production.objects.visible_to(actor).filter(pk=production.pk).exists():
        raise PeopleInvalid(_("That production does not exist or you cannot see it."))


def _move(entry, to_status, *, actor, verb, prepare, fields, note=""):
    """One status move of a time entry through the engine; the activity keeps the hours it ends with."""

    data = {}  # filled by prepare: the engine reads it when it writes the activity entry, after prepare

    def prepared(locked: TimeEntry) -> None:
        prepare(locked)
        data["hours"] = str(locked.hours)

    return transition(
        entry,
        to_status,
        actor=actor,
        verb=verb,
        note=note,
        data=data,
        fields=fields,
        prepare=prepared,
        related=("person", "workspace__organization"),
    ).obj
