"""Training: courses, their dated sessions and each person's record (passed, failed) of a session.

Kept beside people/models.py (which re-exports them). A course may name the certificate type a pass
grants and for how long; recording a pass then writes (or renews) that certificate on the crew record,
which the assignment check reads like any other certificate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role

from .models import Certification, CertificationKind, Person, crew_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class TrainingCourse(models.Model):
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    name = models.CharField(max_length=160, verbose_name=_("name"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    certification_kind = models.CharField(
        _("certificate granted"),
        max_length=30,
        blank=True,
        choices=CertificationKind.choices,
        help_text=_("Passing grants or renews this certificate. Empty: none."),
    )
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("How long the certificate is valid after the session. Empty: it does not expire."),
        verbose_name=_("valid for (months)"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="training_course_name_unique_in_workspace")
        ]

    def __str__(self):
        return self.name


class TrainingSession(models.Model):
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    course = models.ForeignKey(
        TrainingCourse, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    date = models.DateField(verbose_name=_("date"))
    trainer = models.CharField(max_length=160, verbose_name=_("trainer"))
    location = models.CharField(max_length=200, blank=True, verbose_name=_("location"))
    capacity = models.PositiveSmallIntegerField(default=10, verbose_name=_("capacity"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["course", "-date", "id"]), models.Index(fields=["workspace", "-date"])]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="training_session_capacity_positive")]

    def __str__(self):
        return f"{self.course} {self.date:%Y-%m-%d}"


class TrainingResult(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class TrainingRecord(models.Model):
    """One person in one session and how it went; a pass may carry the certificate it granted."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="records", verbose_name=_("session")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="training_records", verbose_name=_("person")
    )
    result = models.CharField(
        max_length=10, choices=TrainingResult.choices, default=TrainingResult.ENROLLED, verbose_name=_("result")
    )
    expires_on = models.DateField(null=True, blank=True, verbose_name=_("expires on"))
    certification = models.ForeignKey(
        Certification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("certificate granted"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["person__last_name", "person__first_name", "id"]
        indexes = [models.Index(fields=["person", "-created_at"]), models.Index(fields=["workspace", "expires_on"])]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="training_record_once_per_session")]

    def __str__(self):
        return f"{self.person} — {self.session}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return crew_scope(user, role, "person__")
