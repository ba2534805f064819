"""Crew records, teams, certifications, positions, assignments, availability and time.

Who sees what is decided here, once per model: `objects.visible_to(user)` for lists and
`user.has_perm(perm, obj)` for one object both read the roles' permissions and each
model's `role_scope` (a Raider sees their own record, a Deviator their team's).
Personal data (phone, rates, emergency contact, notes) has its own permission,
PERSONAL_DATA_PERM, read by the pages, the API and the CSV exports through
`people.privacy`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Organization

PERSONAL_DATA_PERM = "people.view_personal_data"
# Certificates are flagged when they expire within these many days (most urgent last).
EXPIRY_THRESHOLDS = (30, 7)


class Module(models.Model):
    """No table: carries the permission that opens the People module for a role."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("open_module", "Can open the People module")]

    def __str__(self):
        return str(self._meta.verbose_name)


def crew_scope(user: User, role: Role, prefix: str = "") -> Q:
    """What a role sees of crew-owned rows: a Raider their own, a Deviator also their team's."""
    if role == Role.RAIDER:
        return Q(**{f"{prefix}user": user})
    if role == Role.DEVIATOR:
        return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}team__lead__user": user})
    return Q()


class WorkRules(models.Model):
    """An organization's fatigue and overtime rules; organizations without a row use the defaults."""

    organization = models.OneToOneField(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="work_rules", verbose_name=_("organization")
    )
    max_shift_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("12"),
        help_text=_("Warn when a shift is longer than this."),
        verbose_name=_("max shift hours"),
    )
    min_rest_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("10"),
        help_text=_("Warn when the rest between shifts is shorter."),
        verbose_name=_("min rest hours"),
    )
    max_consecutive_days = models.PositiveSmallIntegerField(
        default=6,
        help_text=_("Warn when someone works more days in a row than this."),
        verbose_name=_("max consecutive days"),
    )
    overtime_after_hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("8"),
        help_text=_("Hours a day beyond this count as overtime."),
        verbose_name=_("overtime after hours"),
    )

    class Meta:
        verbose_name = _("fatigue and overtime rules")
        verbose_name_plural = _("fatigue and overtime rules")

    def __str__(self):
        return f"Work rules of {self.organization}"

    @classmethod
    def for_organization(cls, organization: Organization | int) -> WorkRules:
        """The organization's rules, or unsaved defaults (reading never writes)."""
        org_id = organization if isinstance(organization, int) else organization.pk
        return cls.objects.filter(organization_id=org_id).first() or cls(organization_id=org_id)


class Team(Versioned):
    """A team or department of a workspace, with its lead (who hears about their people)."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="crew_teams", verbose_name=_("workspace")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    department = models.CharField(max_length=120, blank=True, verbose_name=_("department"))
    lead = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="led_teams", verbose_name=_("lead")
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="team_name_unique_in_workspace")]

    def __str__(self):
        return self.name


class PersonQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(active=True)

    def search(self, text: str) -> Self:
        condition = Q()
        for word in text.split()[:6]:
            condition &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(job_title__icontains=word)
                | Q(skills__icontains=word)
            )
        return self.filter(condition)


class Person(Versioned):
    """A crew record. Freelancers often have no login, so `user` is optional."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="crew", verbose_name=_("workspace")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crew_records",
        verbose_name=_("user"),
    )
    first_name = models.CharField(max_length=100, verbose_name=_("first name"))
    last_name = models.CharField(max_length=100, blank=True, verbose_name=_("last name"))
    job_title = models.CharField(max_length=120, blank=True, verbose_name=_("job title"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    department = models.CharField(
        max_length=120,
        blank=True,
        help_text=_(
            "Empty means the team's department. A Navigator sees the phone, rates and emergency "
            "contact of the crew in the department of their own crew record."
        ),
        verbose_name=_("department"),
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name=_("team")
    )
    skills = models.CharField(
        max_length=400, blank=True, help_text=_("Comma-separated, e.g. “rigging, audio A2”."), verbose_name=_("skills")
    )
    day_rate = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        verbose_name=_("day rate"),
    )
    currency = models.CharField(max_length=3, default="USD", verbose_name=_("currency"))
    emergency_contact_name = models.CharField(max_length=200, blank=True, verbose_name=_("emergency contact name"))
    emergency_contact_phone = models.CharField(max_length=40, blank=True, verbose_name=_("emergency contact phone"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = PersonQuerySet.as_manager()

    # Shown only to who holds PERSONAL_DATA_PERM on the person (see people.privacy).
    PERSONAL_FIELDS = ("phone", "day_rate", "currency", "emergency_contact_name", "emergency_contact_phone", "notes")

    class Meta:
        verbose_name = _("person")
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = _("people")
        permissions = [(PERSONAL_DATA_PERM.split(".")[1], "Can see phone, rates and emergency contact")]
        indexes = [
            models.Index(fields=["workspace", "last_name", "first_name", "id"]),
            models.Index(fields=["workspace", "department"]),
            # An org-wide list (an org admin's API page) walks this in order, reading the workspace from the
            # index alone (a deep offset skips 25,000 entries without the table); the workspace ones serve one.
            models.Index(fields=["last_name", "first_name", "id", "workspace"], name="person_list_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user"], condition=Q(user__isnull=False), name="person_one_record_per_user"
            ),
            models.CheckConstraint(
                condition=Q(day_rate__gte=0) | Q(day_rate__isnull=True), name="person_rate_positive"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.split(",") if s.strip()]

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return crew_scope(user, role)

    @classmethod
    def perm_scope(cls, user: User, role: Role, perm: str) -> Q:
        """A Navigator's reach is their department (the role table's "Department"): they see the
        personal data of crew in the department of their own crew record in that workspace, and
        their own. No department on their record: only their own."""
        if perm != PERSONAL_DATA_PERM or role != Role.NAVIGATOR:
            return Q()
        mine = (
            Person.objects.filter(user=user, workspace_id=OuterRef("workspace_id"))
            .annotate(dept=department_of(F))
            .exclude(dept="")
        )
        return Q(user=user) | Q(Exists(mine.filter(dept=department_of(OuterRef))))


def department_of(ref: Callable[[str], Any]) -> Lower:
    """A crew record's department: its own, else its team's (as the hours report groups them), in
    lower case; `ref` is F, or OuterRef inside a subquery."""
    return Lower(Coalesce(NullIf(ref("department"), Value("")), ref("team__department"), Value("")))


class CertificationKind(models.TextChoices):
    FORKLIFT = "forklift", _("Forklift")
    RIGGING = "rigging", _("Rigging")
    FIRST_AID = "first_aid", _("First aid")
    WORKING_AT_HEIGHT = "working_at_height", _("Working at height")
    ELECTRICAL = "electrical", _("Electrical")
    PYROTECHNICS = "pyrotechnics", _("Pyrotechnics")
    SCAFFOLDING = "scaffolding", _("Scaffolding")
    MEWP = "mewp", _("Mobile elevating work platform")
    DRIVING = "driving", _("Driving licence")
    FIRE_SAFETY = "fire_safety", _("Fire safety")
    OTHER = "other", _("Other")


class Certification(models.Model):
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("person")
    )
    kind = models.CharField(_("type"), max_length=30, choices=CertificationKind.choices)
    name = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. “IPAF 3a+3b” or “LOLER rigging level 2”."), verbose_name=_("name")
    )
    issuer = models.CharField(max_length=200, blank=True, verbose_name=_("issuer"))
    number = models.CharField(_("certificate number"), max_length=100, blank=True)
    issued_on = models.DateField(null=True, blank=True, verbose_name=_("issued on"))
    expires_on = models.DateField(
        null=True, blank=True, help_text=_("Empty: does not expire."), verbose_name=_("expires on")
    )
    document = models.ForeignKey(
        "files.Attachment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["expires_on", "id"]
        indexes = [models.Index(fields=["workspace", "expires_on"]), models.Index(fields=["person", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="certification_expires_after_issue",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.person}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return crew_scope(user, role, "person__")

    @property
    def label(self) -> str:
        return self.name or self.get_kind_display()

    def valid_on(self, day: datetime.date) -> bool:
        return (self.issued_on is None or self.issued_on <= day) and (self.expires_on is None or self.expires_on >= day)

    def expiry_state(self, today: datetime.date | None = None) -> str:
        """'expired', 'expires_7', 'expires_30' or 'valid' — what pages flag and the nightly task notifies."""
        return expiry_state(self.expires_on, today or timezone.localdate())

    @property
    def days_left(self) -> int | None:
        return None if self.expires_on is None else (self.expires_on - timezone.localdate()).days


def expiry_state(expires_on: datetime.date | None, today: datetime.date) -> str:
    if expires_on is None:
        return "valid"
    if expires_on < today:
        return "expired"
    for days in sorted(EXPIRY_THRESHOLDS):
        if expires_on <= today + datetime.timedelta(days=days):
            return f"expires_{days}"
    return "valid"


def expiry_distance(expires_on: datetime.date, today: datetime.date) -> str:
    """How far off an expiry date is, from today: "in 10 days", "3 days ago", "today"."""
    days = (expires_on - today).days
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    if days == -1:
        return gettext("yesterday")
    if days > 0:
        return ngettext("in %(count)s day", "in %(count)s days", days) % {"count": days}
    return ngettext("%(count)s day ago", "%(count)s days ago", -days) % {"count": -days}


EXPIRY_LABELS = {
    "expired": _("Expired"),
    "expires_7": _("Expires within 7 days"),
    "expires_30": _("Expires within 30 days"),
    "valid": _("Valid"),
}


class Position(models.Model):
    """A job on a show (rigger, forklift driver, A2). Some need certificates."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="crew_positions", verbose_name=_("workspace")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    department = models.CharField(max_length=120, blank=True, verbose_name=_("department"))
    required_certifications = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Certificate types someone must hold, valid on the show date."),
        verbose_name=_("required certifications"),
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="position_name_unique_in_workspace")]

    def __str__(self):
        return self.name

    @property
    def required_labels(self) -> list[str]:
        labels = dict(CertificationKind.choices)
        return [labels.get(k, k) for k in self.required_certifications]


class AssignmentQuerySet(TenantQuerySet):
    def overlapping(self, start: datetime.datetime, end: datetime.datetime) -> Self:
        return self.filter(call_time__lt=end, end_time__gt=start)


class Assignment(models.Model):
    """A person on an event or production, in a position, from call time to end time."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("person"))
    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="crew_assignments",
        verbose_name=_("production"),
    )
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="crew_assignments",
        verbose_name=_("event"),
    )
    position = models.ForeignKey(
        Position, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("position")
    )
    call_time = models.DateTimeField(verbose_name=_("call time"))
    end_time = models.DateTimeField(verbose_name=_("end time"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    # Fatigue warnings found when the assignment was made (the schedule recomputes them live).
    warnings = models.JSONField(default=list, blank=True, verbose_name=_("warnings"))
    override_note = models.TextField(
        blank=True, help_text=_("Why a missing certificate was overridden."), verbose_name=_("override note")
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["call_time", "id"]
        permissions = [("override_certificate_check", "Can assign despite a missing certificate (with a note)")]
        indexes = [
            models.Index(fields=["workspace", "call_time"]),
            models.Index(fields=["person", "call_time"]),
            models.Index(fields=["event"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("call_time")), name="assignment_ends_after_call"),
            models.CheckConstraint(
                condition=Q(production__isnull=False) | Q(event__isnull=False), name="assignment_has_a_show"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.position} ({self.call_time:%Y-%m-%d %H:%M})"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return crew_scope(user, role, "person__")

    @property
    def hours(self) -> Decimal:
        return Decimal((self.end_time - self.call_time).total_seconds() / 3600).quantize(Decimal("0.01"))

    @property
    def where(self) -> str:
        if self.event_id:
            return str(self.event)
        return str(self.production) if self.production_id else ""


class Unavailability(models.Model):
    """Days a person cannot work, entered by the person or their lead."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="unavailability", verbose_name=_("person")
    )
    start_date = models.DateField(verbose_name=_("start date"))
    end_date = models.DateField(verbose_name=_("end date"))
    reason = models.CharField(max_length=200, blank=True, verbose_name=_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("unavailability")
        ordering = ["start_date", "id"]
        verbose_name_plural = _("unavailability")
        indexes = [models.Index(fields=["person", "start_date"]), models.Index(fields=["workspace", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="unavailability_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.person} unavailable {self.start_date}–{self.end_date}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return crew_scope(user, role, "person__")


# Time entries live in their own file (one subject per file); importing them here registers them
# with the app and keeps `from people.models import TimeEntry` working. Last, as they use the above.
from .hiring_models import (  # noqa: E402
    APPLICATION_TRANSITIONS,
    Application,
    ApplicationCertificate,
    ApplicationStatus,
    InterviewNote,
    Opening,
)
from .time_models import EDITABLE_TIME_STATUSES, TIME_TRANSITIONS, TimeEntry, TimeStatus  # noqa: E402
from .training_models import TrainingCourse, TrainingRecord, TrainingResult, TrainingSession  # noqa: E402

__all__ = [
    "APPLICATION_TRANSITIONS",
    "EDITABLE_TIME_STATUSES",
    "TIME_TRANSITIONS",
    "Application",
    "ApplicationCertificate",
    "ApplicationStatus",
    "InterviewNote",
    "Opening",
    "TimeEntry",
    "TimeStatus",
    "TrainingCourse",
    "TrainingRecord",
    "TrainingResult",
    "TrainingSession",
]
