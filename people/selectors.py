"""Read-side of the people module: the availability grid, the hours report, my schedule.

Every function starts from `visible_to(user)`, so a grid, a report and its CSV export show
the same rows the lists do. Query counts do not grow with the number of people or days:
each function reads its tables once and arranges the rows in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.tenancy.access import org_timezone, venue_timezone

from .fatigue import Shift, fatigue_warnings
from .models import (
    Assignment,
    Certification,
    Person,
    TimeEntry,
    TimeStatus,
    Unavailability,
    WorkRules,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from dragonfly.tenancy.models import Workspace
    from dragonfly.tenancy.querysets import TenantQuerySet
    from productions.models import Production

    from .models import AssignmentQuerySet, PersonQuerySet, Team

    # Whoever is asking: a page's request.user may be anonymous (visible_to then finds nothing).
    Viewer = User | AnonymousUser

MAX_GRID_DAYS = 62
ZERO = Decimal("0.00")


def days_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]


def clamp_range(
    start: datetime.date, end: datetime.date, max_days: int = MAX_GRID_DAYS
) -> tuple[datetime.date, datetime.date]:
    """A valid, bounded date range from user input (end before start is swapped)."""
    if end < start:
        start, end = end, start
    if (end - start).days + 1 > max_days:
        end = start + datetime.timedelta(days=max_days - 1)
    return start, end


# --- availability and the crew schedule -----------------------------------------------------
@dataclass
class Cell:
    day: datetime.date
    assignments: list = field(default_factory=list)
    unavailable: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.assignments and self.unavailable:
            return "conflict"
        if self.unavailable:
            return "unavailable"
        if self.assignments:
            return "assigned"
        return "free"


@dataclass
class Row:
    person: Person
    cells: list

    @property
    def free_days(self) -> int:
        return sum(1 for c in self.cells if c.state == "free")

    @property
    def has_warnings(self) -> bool:
        return any(c.warnings for c in self.cells)


@dataclass
class AvailabilityGrid:
    days: list
    rows: list
    workspace: object

    def free_count(self, day_index: int) -> int:
        return sum(1 for r in self.rows if r.cells[day_index].state == "free")

    @property
    def free_per_day(self) -> list[int]:
        return [self.free_count(i) for i in range(len(self.days))]


def get_team_availability(
    *,
    user: Viewer,
    workspace: Workspace,
    start: datetime.date,
    end: datetime.date,
    team: Team | None = None,
    people: Iterable[Person | int] | None = None,
) -> AvailabilityGrid:
    """People × days of the workspace (or one team): free, assigned, unavailable, with fatigue flags.

    Four queries whatever the size: people, their assignments and their unavailability in
    the range, and the organization's work rules."""
    start, end = clamp_range(start, end)
    org = workspace.organization
    zone = org_timezone(org)
    crew = Person.objects.visible_to(user).in_workspace(workspace).filter(active=True).select_related("team")
    if team is not None:
        crew = crew.filter(team=team)
    if people is not None:
        crew = crew.filter(pk__in=[getattr(p, "pk", p) for p in people])
    persons = list(crew.order_by("last_name", "first_name", "id"))
    ids = [p.pk for p in persons]
    days = days_between(start, end)
    rules = WorkRules.for_organization(org)
    # Fatigue reads a few days either side of the range, so a run that started earlier still counts.
    margin = datetime.timedelta(days=int(rules.max_consecutive_days) + 1)
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone) - margin
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone) + margin
    assignments = (
        Assignment.objects.visible_to(user)
        .filter(person_id__in=ids, call_time__lt=high, end_time__gt=low)
        .select_related("position", "production", "event", "workspace__organization")
        .order_by("call_time", "id")
    )
    away = Unavailability.objects.visible_to(user).filter(person_id__in=ids, start_date__lte=end, end_date__gte=start)
    by_person = defaultdict(list)
    for a in assignments:
        by_person[a.person_id].append(a)
    away_by_person = defaultdict(list)
    for u in away:
        away_by_person[u.person_id].append(u)

    index = {day: i for i, day in enumerate(days)}
    rows = []
    for person in persons:
        cells = [Cell(day) for day in days]
        shifts = by_person[person.pk]
        flags = fatigue_warnings([Shift(a.pk, a.call_time, a.end_time) for a in shifts], rules, zone)
        for a in shifts:
            # Read by the schedule's template; not a field, so the checker does not know it.
            a.fatigue = fatigue = flags.get(a.pk, [])  # type: ignore[attr-defined]
            day = a.call_time.astimezone(zone).date()
            if day in index:
                cell = cells[index[day]]
                cell.assignments.append(a)
                cell.warnings.extend(w for w in fatigue if w not in cell.warnings)
        for u in away_by_person[person.pk]:
            for day in days_between(max(u.start_date, start), min(u.end_date, end)):
                cells[index[day]].unavailable.append(u)
        rows.append(Row(person, cells))
    return AvailabilityGrid(days=days, rows=rows, workspace=workspace)


def my_schedule(user: User, *, start: datetime.date | None = None, days: int = 14) -> AssignmentQuerySet[Assignment]:
    """The signed-in crew member's assignments from today (all workspaces where they have a record)."""
    start = start or timezone.localdate()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=timezone.get_current_timezone())
    return (
        Assignment.objects.visible_to(user)
        .filter(person__user=user, end_time__gte=low, call_time__lt=low + datetime.timedelta(days=days))
        .select_related("person", "position", "production", "event", "workspace__organization")
        .order_by("call_time", "id")
    )


def todays_shifts(user: User, *, now: datetime.datetime | None = None) -> list[Assignment]:
    """The crew member's shifts of today, the ones clock-in offers. A shift's day is its venue's: at
    noon in New York a 23:00 New York shift is today's, though a reader in Berlin calls it tomorrow."""
    now = now or timezone.now()
    # Every venue's today lies within a day either side of the reader's; the venue's clock decides.
    shifts = my_schedule(user, start=timezone.localtime(now).date() - datetime.timedelta(days=1), days=3)

    def venue_day(moment: datetime.datetime, shift: Assignment) -> datetime.date:
        return moment.astimezone(venue_timezone(shift)).date()

    return [s for s in shifts if venue_day(s.call_time, s) <= venue_day(now, s) <= venue_day(s.end_time, s)]


def my_records(user: User) -> PersonQuerySet[Person]:
    return Person.objects.visible_to(user).filter(user=user, active=True).select_related("workspace__organization")


def open_entry_for(user: User) -> TimeEntry | None:
    return (
        TimeEntry.objects.visible_to(user)
        .filter(person__user=user, status=TimeStatus.OPEN)
        .select_related("person", "production", "event", "assignment__position")
        .first()
    )


def my_time_entries(user: User, *, start: datetime.date, end: datetime.date) -> TenantQuerySet[TimeEntry]:
    return (
        TimeEntry.objects.visible_to(user)
        .filter(person__user=user, work_date__gte=start, work_date__lte=end)
        .select_related("person", "production", "event", "assignment__position", "workspace")
        .order_by("-work_date", "-id")
    )


# --- certifications --------------------------------------------------------------------------
def certifications_needing_attention(
    user: Viewer, workspace: Workspace, *, today: datetime.date | None = None, within: int = 30
) -> TenantQuerySet[Certification]:
    """Certificates that expired or expire within `within` days, soonest first."""
    today = today or timezone.localdate()
    return (
        Certification.objects.visible_to(user)
        .in_workspace(workspace)
        .filter(expires_on__isnull=False, expires_on__lte=today + datetime.timedelta(days=within))
        .select_related("person")
        .order_by("expires_on", "id")
    )


# --- the hours report ---------------------------------------------------------------------------
GROUPINGS = {
    "person": gettext_lazy("Person"),
    "department": gettext_lazy("Department"),
    "production": gettext_lazy("Production"),
    "week": gettext_lazy("Week"),
}
COUNTED_STATUSES = (TimeStatus.PENDING, TimeStatus.APPROVED)


@dataclass
class HoursRow:
    key: object
    label: str
    entries: int = 0
    regular: Decimal = ZERO
    overtime: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.regular + self.overtime


@dataclass
class HoursReport:
    group_by: str
    start: datetime.date
    end: datetime.date
    rows: list
    threshold: Decimal

    @property
    def regular(self) -> Decimal:
        return sum((r.regular for r in self.rows), ZERO)

    @property
    def overtime(self) -> Decimal:
        return sum((r.overtime for r in self.rows), ZERO)

    @property
    def total(self) -> Decimal:
        return self.regular + self.overtime

    @property
    def entries(self) -> int:
        return sum(r.entries for r in self.rows)


def get_personnel_hours(
    *,
    user: Viewer,
    workspace: Workspace,
    start: datetime.date,
    end: datetime.date,
    group_by: str = "person",
    approved_only: bool = False,
    production: Production | None = None,
    person: Person | None = None,
) -> HoursReport:
    """Hours by person, department, production or week, split into regular and overtime.

    Overtime is per person per day: the hours of a day beyond the organization's
    `overtime_after_hours`, taken from that day's entries in the order they were made, so
    a day's overtime lands on the work done last. It is worked out over all the person's
    entries before the production filter applies, so filtering never hides overtime."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {sorted(GROUPINGS)}")
    rules = WorkRules.for_organization(workspace.organization)
    threshold = Decimal(rules.overtime_after_hours)
    statuses = (TimeStatus.APPROVED,) if approved_only else COUNTED_STATUSES
    entries = (
        TimeEntry.objects.visible_to(user)
        .in_workspace(workspace)
        .filter(work_date__gte=start, work_date__lte=end, status__in=statuses)
        .order_by("person_id", "work_date", "id")
        .values_list(
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__department",
            "person__team__department",
            "production_id",
            "production__name",
            "work_date",
            "hours",
        )
    )
    if person is not None:
        entries = entries.filter(person=person)
    rows: dict[object, HoursRow] = {}
    day_total: defaultdict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    for pid, first, last, dept, team_dept, prod_id, prod_name, day, hours in entries:
        used = day_total[(pid, day)]
        regular = max(ZERO, min(hours, threshold - used))
        overtime = hours - regular
        day_total[(pid, day)] = used + hours
        if production is not None and prod_id != production.pk:
            continue
        key, label = _group(group_by, pid, f"{first} {last}".strip(), dept or team_dept, prod_id, prod_name, day)
        row = rows.get(key)
        if row is None:
            row = rows[key] = HoursRow(key, label)
        row.entries += 1
        row.regular += regular
        row.overtime += overtime
    ordered = sorted(rows.values(), key=lambda r: (str(r.key) if group_by == "week" else r.label.lower(), str(r.key)))
    return HoursReport(group_by=group_by, start=start, end=end, rows=ordered, threshold=threshold)


def _group(group_by, pid, name, department, prod_id, prod_name, day):
    if group_by == "person":
        return pid, name
    if group_by == "department":
        return department or "", department or _("No department")
    if group_by == "production":
        return prod_id or 0, prod_name or _("No production")
    monday = day - datetime.timedelta(days=day.weekday())
    iso = monday.isocalendar()
    return monday.isoformat(), _("Week %(week)s, %(year)s (from %(monday)s)") % {
        "week": iso.week,
        "year": iso.year,
        "monday": date_format(monday, "d M"),
    }
