"""Hiring: open positions, the applicants for them, the pipeline they move through, interview notes.

Kept beside people/models.py (which re-exports them) so each file stays about one subject. An
applicant's contact details and CV are personal data: who sees them is decided by PERSONAL_DATA_PERM
on the application (`people.privacy`), narrowed for a Navigator to openings of their department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role
from productions.wording import lazy_words

from .models import PERSONAL_DATA_PERM, CertificationKind, Person, department_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Opening(models.Model):
    """A position to fill, for one production or for the organization's crew at large."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="crew_openings",
        help_text=_("Empty: a position with the organization's crew."),
        verbose_name=_("production"),
    )
    title = models.CharField(max_length=160, verbose_name=_("title"))
    department = models.CharField(max_length=120, blank=True, verbose_name=_("department"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    is_open = models.BooleanField(default=True, verbose_name=_("open"))
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
        verbose_name = _("open position")
        verbose_name_plural = _("open positions")
        ordering = ["-is_open", "title", "id"]
        indexes = [models.Index(fields=["workspace", "-is_open", "title", "id"])]

    def __str__(self):
        return self.title


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENED = "screened", _("Screened")
    INTERVIEWED = "interviewed", _("Interviewed")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Declined")


A = ApplicationStatus
# The pipeline: forward one stage at a time, declined from any open stage; hired and declined are final.
APPLICATION_TRANSITIONS = {
    A.APPLIED: {A.SCREENED, A.DECLINED},
    A.SCREENED: {A.INTERVIEWED, A.DECLINED},
    A.INTERVIEWED: {A.OFFERED, A.DECLINED},
    A.OFFERED: {A.HIRED, A.DECLINED},
    A.HIRED: set(),
    A.DECLINED: set(),
}
# The stages a board shows as columns, in order.
PIPELINE = [A.APPLIED, A.SCREENED, A.INTERVIEWED, A.OFFERED, A.HIRED, A.DECLINED]
SCREEN_PERM = "people.screen_application"
HIRE_PERM = "people.hire_application"


class Application(WorkflowModel):
    """One applicant for one opening; hiring makes them a crew record (`person`)."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    opening = models.ForeignKey(
        Opening, on_delete=models.CASCADE, related_name="applications", verbose_name=_("open position")
    )
    first_name = models.CharField(max_length=100, verbose_name=_("first name"))
    last_name = models.CharField(max_length=100, blank=True, verbose_name=_("last name"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    phone = models.CharField(max_length=40, blank=True, verbose_name=_("phone"))
    cv = models.ForeignKey(
        "files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("CV")
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=A.APPLIED, verbose_name=_("stage")
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("stage changed at"))
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("crew record"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = TenantQuerySet.as_manager()

    # Shown only to who holds PERSONAL_DATA_PERM on the application (see people.privacy).
    PERSONAL_FIELDS = ("email", "phone", "notes", "cv")
    # The CV is served (files:private) only to who may see the applicant's personal data.
    attachment_perm = PERSONAL_DATA_PERM

    workflow = Workflow(
        lazy_words(_("application")),
        APPLICATION_TRANSITIONS,
        # "This application is at the applied stage; it can't be hired."
        states=lazy_words(
            {
                A.APPLIED: _("at the applied stage"),
                A.SCREENED: _("at the screened stage"),
                A.INTERVIEWED: _("at the interview stage"),
                A.OFFERED: _("waiting on an offer"),
                A.HIRED: _("already hired"),
                A.DECLINED: _("already declined"),
            }
        ),
        moves=lazy_words(
            {
                A.SCREENED: _("screened"),
                A.INTERVIEWED: _("marked as interviewed"),
                A.OFFERED: _("offered the job"),
                A.HIRED: _("hired"),
                A.DECLINED: _("declined"),
            }
        ),
        perms={
            A.SCREENED: SCREEN_PERM,
            A.INTERVIEWED: SCREEN_PERM,
            A.DECLINED: SCREEN_PERM,
            A.OFFERED: HIRE_PERM,
            A.HIRED: HIRE_PERM,
        },
        event_prefix="application",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["opening", "last_name", "first_name", "id"]
        permissions = [
            (SCREEN_PERM.split(".")[1], "Can screen, interview and decline applicants"),
            (HIRE_PERM.split(".")[1], "Can offer the job to applicants and hire them"),
        ]
        indexes = [
            models.Index(fields=["opening", "last_name", "first_name", "id"]),
            models.Index(fields=["workspace", "status"]),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def perm_scope(cls, user: User, role: Role, perm: str) -> Q:
        """An applicant's contact and CV: a Navigator sees them for openings of their own department
        (as they see their department's crew); a Deviator, whose reach is their team, not at all."""
        if perm != PERSONAL_DATA_PERM:
            return Q()
        if role == Role.NAVIGATOR:
            mine = (
                Person.objects.filter(user=user, workspace_id=OuterRef("workspace_id"))
                .annotate(dept=department_of(F))
                .exclude(dept="")
                .filter(dept=Lower(OuterRef("opening__department")))
            )
            return Q(Exists(mine))
        if role in (Role.DEVIATOR, Role.RAIDER):
            return Q(pk__in=[])
        return Q()


class ApplicationCertificate(models.Model):
    """A certificate the applicant holds, recorded on the application; hiring copies it to the crew record."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("application")
    )
    kind = models.CharField(_("type"), max_length=30, choices=CertificationKind.choices)
    name = models.CharField(max_length=200, blank=True, verbose_name=_("name"))
    issuer = models.CharField(max_length=200, blank=True, verbose_name=_("issuer"))
    expires_on = models.DateField(
        null=True, blank=True, help_text=_("Empty: does not expire."), verbose_name=_("expires on")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("applicant certificate")
        verbose_name_plural = _("applicant certificates")
        ordering = ["application", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.application}"

    @property
    def label(self) -> str:
        return self.name or self.get_kind_display()


class InterviewNote(models.Model):
    """What an interviewer wrote about an applicant, with an optional 1–5 rating."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interview_notes", verbose_name=_("application")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(verbose_name=_("note"))
    rating = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        verbose_name=_("rating"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("interview note")
        verbose_name_plural = _("interview notes")
        ordering = ["application", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="interview_rating_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.application} ({self.created_at:%Y-%m-%d})"
