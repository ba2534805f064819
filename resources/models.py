"""Resources: learning materials (documents, videos, links), courses of ordered lessons that people
enrol in and work through, and grants (funding opportunities) with the applications made for them.

Materials and courses belong to a workspace; one marked public is read by every signed-in user (of any
organization), everything else by the roles of its workspace. An enrolment is its learner's own: they
see it, mark lessons done and, with the last lesson, complete it; a course naming a training course of
the people module then writes the learner's training record there (services.complete_lesson).

A grant is read like a material (its workspace's roles, everyone when public); an application for
one moves draft → submitted → awarded / declined (or withdrawn) through the workflow engine, its
documents kept by dragonfly.files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel

from .querysets import (
    CourseQuerySet,
    EnrolmentQuerySet,
    GrantApplicationQuerySet,
    GrantQuerySet,
    LessonQuerySet,
    MaterialQuerySet,
)

if TYPE_CHECKING:
    from dragonfly.tenancy.models import Workspace

web_url = URLValidator(schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://."))


class Category(models.TextChoices):
    SAFETY = "safety", _("Health and safety")
    TECHNICAL = "technical", _("Technical")
    PRODUCTION = "production", _("Production")
    BUSINESS = "business", _("Business")
    ONBOARDING = "onboarding", _("Onboarding")
    OTHER = "other", _("Other")


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    VIDEO = "video", _("Video")
    LINK = "link", _("Link")


def clean_tags(value: Any) -> str:
    """Tags as stored: lower case, unique, in the order given, joined by ", "."""
    words = value if isinstance(value, list | tuple) else str(value or "").split(",")
    seen: list[str] = []
    for word in words:
        tag = " ".join(str(word).split()).lower()[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return ", ".join(seen)


class Material(Versioned):
    """A document (a file kept by dragonfly.files), a video or a link (a web address)."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    kind = models.CharField(
        max_length=10, choices=MaterialKind.choices, default=MaterialKind.LINK, verbose_name=_("kind")
    )
    category = models.CharField(
        max_length=20, choices=Category.choices, default=Category.OTHER, verbose_name=_("category")
    )
    tags = models.CharField(
        max_length=300, blank=True, help_text=_("Separated by commas, e.g. rigging, safety."), verbose_name=_("tags")
    )
    url = models.URLField(
        max_length=500, blank=True, validators=[web_url], help_text=_("For a video or a link."), verbose_name=_("URL")
    )
    document = models.ForeignKey(
        "files.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("document"),
    )
    is_public = models.BooleanField(
        default=False, help_text=_("Every signed-in user may read it."), verbose_name=_("public")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning material")
        verbose_name_plural = _("learning materials")
        ordering = ["title", "id"]
        permissions = [("open_module", "Can open the Resources module")]
        indexes = [
            models.Index(fields=["workspace", "title", "id"], name="material_ws_title"),
            models.Index(fields=["title", "id"], name="material_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(", ") if t]


class Course(Versioned):
    """Ordered lessons; completing them all may write a training record (its `training_course`)."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    category = models.CharField(
        max_length=20, choices=Category.choices, default=Category.OTHER, verbose_name=_("category")
    )
    is_public = models.BooleanField(
        default=False, help_text=_("Every signed-in user may read it and enrol."), verbose_name=_("public")
    )
    training_course = models.ForeignKey(
        "people.TrainingCourse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Completing the course records a pass of this training (and the certificate it grants)."),
        verbose_name=_("training"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["workspace", "title", "id"], name="course_ws_title"),
            models.Index(fields=["title", "id"], name="course_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course"))
    position = models.PositiveIntegerField(default=1, verbose_name=_("position"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    body = models.TextField(blank=True, verbose_name=_("text"))
    material = models.ForeignKey(
        Material, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("material")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "course__workspace"
    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "position"], name="lesson_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def workspace(self) -> Workspace:
        return self.course.workspace


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")


class Enrolment(models.Model):
    """A learner on a course: the lessons they marked done, and when they finished."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("learner")
    )
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE, verbose_name=_("status")
    )
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress (%)"))
    enrolled_at = models.DateTimeField(auto_now_add=True, verbose_name=_("enrolled at"))
    completed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("completed at"))
    training_record = models.ForeignKey(
        "people.TrainingRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("training record"),
    )

    workspace_path = "course__workspace"
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="enrolment_once_per_course")]
        indexes = [models.Index(fields=["user", "-enrolled_at", "-id"], name="enrolment_user_recent")]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"

    @property
    def workspace(self) -> Workspace:
        return self.course.workspace


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="completions", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson"))
    completed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("completed at"))

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        ordering = ["completed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="lesson_completed_once")]

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.lesson}"


class Grant(Versioned):
    """A funding opportunity: who funds it, how much, by when, and who may apply (eligibility)."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    funder = models.CharField(max_length=200, verbose_name=_("funder"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most the funder gives; empty when it is not said."),
        verbose_name=_("amount"),
    )
    currency = models.CharField(max_length=3, default="EUR", verbose_name=_("currency"))
    deadline = models.DateField(verbose_name=_("deadline"))
    eligibility = models.TextField(blank=True, verbose_name=_("eligibility"))
    url = models.URLField(max_length=500, blank=True, validators=[web_url], verbose_name=_("link"))
    category = models.CharField(
        max_length=20, choices=Category.choices, default=Category.OTHER, verbose_name=_("category")
    )
    tags = models.CharField(
        max_length=300, blank=True, help_text=_("Separated by commas, e.g. touring, arts."), verbose_name=_("tags")
    )
    is_public = models.BooleanField(
        default=False, help_text=_("Every signed-in user may read it."), verbose_name=_("public")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Hears of the deadline with the applicants."),
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["workspace", "deadline", "id"], name="grant_ws_deadline"),
            models.Index(fields=["deadline", "id"], name="grant_deadline"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:grant", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(", ") if t]


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


A = ApplicationStatus
APPLICATION_TRANSITIONS = {
    A.DRAFT: {A.SUBMITTED, A.WITHDRAWN},
    A.SUBMITTED: {A.AWARDED, A.DECLINED, A.WITHDRAWN},
}
OPEN_APPLICATION_STATUSES = (A.DRAFT, A.SUBMITTED)
SUBMIT_PERM = "resources.submit_grantapplication"
DECIDE_PERM = "resources.decide_grantapplication"


def _lazy(words: Any) -> Any:
    """Lazy translations handed to the core's Workflow (typed as plain text there): read when a refusal
    is worded, so it speaks the reader's language."""
    return words


class GrantApplication(Versioned, WorkflowModel):
    """An application for a grant: who applies, for how much, its notes and documents, and its status."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="applications", verbose_name=_("grant"))
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("applicant"),
    )
    requested_amount = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("requested amount"))
    status = models.CharField(max_length=10, choices=A.choices, default=A.DRAFT, verbose_name=_("status"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = GrantApplicationQuerySet.as_manager()

    workflow = Workflow(
        _lazy(_("grant application")),
        APPLICATION_TRANSITIONS,
        states=_lazy(
            {
                A.DRAFT: _("a draft"),
                A.AWARDED: _("already awarded"),
                A.DECLINED: _("already declined"),
                A.WITHDRAWN: _("withdrawn"),
            }
        ),
        moves=_lazy(
            {
                A.SUBMITTED: _("submitted"),
                A.AWARDED: _("awarded"),
                A.DECLINED: _("declined"),
                A.WITHDRAWN: _("withdrawn"),
            }
        ),
        perms={A.SUBMITTED: SUBMIT_PERM, A.WITHDRAWN: SUBMIT_PERM, A.AWARDED: DECIDE_PERM, A.DECLINED: DECIDE_PERM},
        event_prefix="grant_application",
    )

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("submit_grantapplication", "Can submit and withdraw grant applications"),
            ("decide_grantapplication", "Can record the funder's decision on grant applications"),
        ]
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="grantapp_ws_recent"),
            models.Index(fields=["-created_at", "-id"], name="grantapp_recent"),
            models.Index(fields=["grant", "status"], name="grantapp_grant_status"),
        ]

    def __str__(self) -> str:
        return f"{self.grant} — {self.applicant or '—'}"

    def get_absolute_url(self) -> str:
        return reverse("resources:application", args=[self.pk])


PUBLIC = Q(is_public=True)
