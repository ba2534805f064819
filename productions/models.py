"""Productions: the lifecycle of a show, its milestones, tasks, compliance items and team.

The rules that read like tables live here next to their choices (ALLOWED_TRANSITIONS,
TASK_TRANSITIONS, COMPLIANCE_TRANSITIONS) with the Workflow that reads them; every status
move goes through the core engine (`dragonfly.core.workflow.transition`) from the services.
"""

import datetime
import re
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.models import ModuleAnchor
from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import OrganizationQuerySet, TenantQuerySet
from dragonfly.tenancy.roles import Role

from .wording import lazy_words

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access


class Module(ModuleAnchor):
    """No table: carries the permission that opens the Productions module for a role."""

    class Meta(ModuleAnchor.Meta):
        permissions = [("open_module", "Can open the Productions module")]


# --- the production lifecycle ------------------------------------------------------------------
class ProductionStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    PLANNING = "planning", _("Planning")
    PRE_PRODUCTION = "pre_production", _("Pre-production")
    IN_PRODUCTION = "in_production", _("In production")
    POST_PRODUCTION = "post_production", _("Post-production")
    COMPLETED = "completed", _("Completed")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", pgettext_lazy("production status", "Cancelled")  # "abgesagt", not an advance's "storniert"


S = ProductionStatus
# The phases in order; on_hold and cancelled sit beside them.
PHASES = (S.CONCEPT, S.PLANNING, S.PRE_PRODUCTION, S.IN_PRODUCTION, S.POST_PRODUCTION, S.COMPLETED)
# Every allowed move, read by the service, the templates (which buttons) and the tests.
# A phase moves one step forward or one step back (until it is completed); any open phase
# can be put on hold or cancelled; a held production resumes in any open phase.
ALLOWED_TRANSITIONS = {
    S.CONCEPT: {S.PLANNING, S.ON_HOLD, S.CANCELLED},
    S.PLANNING: {S.PRE_PRODUCTION, S.CONCEPT, S.ON_HOLD, S.CANCELLED},
    S.PRE_PRODUCTION: {S.IN_PRODUCTION, S.PLANNING, S.ON_HOLD, S.CANCELLED},
    S.IN_PRODUCTION: {S.POST_PRODUCTION, S.PRE_PRODUCTION, S.ON_HOLD, S.CANCELLED},
    S.POST_PRODUCTION: {S.COMPLETED, S.IN_PRODUCTION},
    S.COMPLETED: set(),
    S.ON_HOLD: {S.CONCEPT, S.PLANNING, S.PRE_PRODUCTION, S.IN_PRODUCTION, S.POST_PRODUCTION, S.CANCELLED},
    S.CANCELLED: set(),
}
# Moves that need a reason the team can read.
NOTE_REQUIRED = {S.ON_HOLD, S.CANCELLED}
CLOSED_STATUSES = (S.COMPLETED, S.CANCELLED)

# How refusals read: "This production is in planning; it can't be moved to post-production.",
# "This production is already completed; it can't be put on hold."
PRODUCTION_WORKFLOW = Workflow(
    lazy_words(_("production")),  # lazy: refusals read in the reader's language; the events keep "production."
    ALLOWED_TRANSITIONS,
    states=lazy_words(
        {
            S.CONCEPT: _("a concept"),
            S.PLANNING: _("in planning"),
            S.PRE_PRODUCTION: _("in pre-production"),
            S.IN_PRODUCTION: _("in production"),
            S.POST_PRODUCTION: _("in post-production"),
            S.COMPLETED: _("already completed"),
            S.ON_HOLD: _("on hold"),
            S.CANCELLED: pgettext_lazy("production", "already cancelled"),
        }
    ),
    moves=lazy_words(
        {
            S.COMPLETED: _("completed"),
            S.ON_HOLD: _("put on hold"),
            S.CANCELLED: pgettext_lazy("production", "cancelled"),
        }
    ),
    perms={"*": "productions.move_production"},
    event_prefix="production",
)


def can_move(from_status, to_status):
    return PRODUCTION_WORKFLOW.can_move(from_status, to_status)


class ProductionType(models.TextChoices):
    CONCERT = "concert", _("Concert")
    FESTIVAL = "festival", _("Festival")
    TOUR = "tour", _("Tour")
    CORPORATE = "corporate", _("Corporate")
    THEATRE = "theatre", _("Theatre")
    EXPERIENTIAL = "experiential", _("Experiential")
    OTHER = "other", _("Other")


def normalize_tags(value):
    """ "Outdoor,  Live ,outdoor" → "live, outdoor": lower case, unique, sorted, ", "-joined."""
    parts = value if isinstance(value, (list, tuple)) else re.split(r"[,\n]", value or "")
    tags = sorted({re.sub(r"\s+", " ", p).strip().lower()[:40] for p in parts if p and p.strip()})
    return ", ".join(tags)


def tag_q(tag, field="tags"):
    """Rows whose tag list holds `tag` exactly (a regex both SQLite and PostgreSQL run)."""
    return Q(**{f"{field}__regex": r"(^|, )" + re.escape(normalize_tags(tag)) + r"(,|$)"})


class ProductionQuerySet(TenantQuerySet):
    def open(self) -> Self:
        """Productions not completed or cancelled."""
        return self.exclude(status__in=CLOSED_STATUSES)


class Production(Versioned, WorkflowModel):
    """A show, tour or event programme a workspace delivers."""

    Status = ProductionStatus
    Type = ProductionType

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="productions")
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=40, blank=True)
    type = models.CharField(max_length=20, choices=ProductionType.choices, default=ProductionType.CONCERT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONCEPT)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    venue = models.ForeignKey(
        "locations.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="productions"
    )
    production_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_productions",
    )
    description = models.TextField(blank=True)
    tags = models.CharField(max_length=300, blank=True, help_text=_("Comma-separated, e.g. outdoor, headline"))
    # The health score and the factors behind it (services.calculate_production_health).
    health_score = models.PositiveSmallIntegerField(null=True, blank=True)
    health_factors = models.JSONField(default=list, blank=True)
    health_updated_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductionQuerySet.as_manager()
    workflow = PRODUCTION_WORKFLOW

    class Meta:
        ordering = ["start_date", "name"]
        permissions = [("move_production", "Can move a production through its lifecycle")]
        indexes = [
            models.Index(fields=["workspace", "start_date"]),
            models.Index(fields=["workspace", "status", "start_date"], name="production_ws_status"),
            models.Index(fields=["workspace", "health_score"], name="production_ws_health"),
            models.Index(fields=["production_manager"], name="production_manager"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="production_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["workspace", "code"], condition=~Q(code=""), name="production_code_unique_in_workspace"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def tag_list(self):
        return [t for t in (self.tags or "").split(", ") if t]

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def health_band(self):
        """ "good" (80+), "fair" (60–79), "poor" (below 60) or "" before the first calculation."""
        if self.health_score is None:
            return ""
        if self.health_score >= 80:
            return "good"
        return "fair" if self.health_score >= 60 else "poor"


# --- milestones and their per-organization templates --------------------------------------------
class MilestoneAnchor(models.TextChoices):
    PHASE_START = "phase_start", _("the day the phase starts")
    PRODUCTION_START = "production_start", _("the production's first day")
    PRODUCTION_END = "production_end", _("the production's last day")


class MilestoneTemplate(models.Model):
    """A milestone an organization wants on every production entering `phase` (editable per org)."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="milestone_templates"
    )
    phase = models.CharField(max_length=20, choices=[(p.value, p.label) for p in PHASES])
    title = models.CharField(max_length=200)
    anchor = models.CharField(max_length=20, choices=MilestoneAnchor.choices, default=MilestoneAnchor.PHASE_START)
    offset_days = models.IntegerField(default=7, help_text=_("Days after the anchor (negative: before it)."))
    position = models.PositiveIntegerField(default=0)

    objects = OrganizationQuerySet.as_manager()  # templates of the organizations the user belongs to

    class Meta:
        ordering = ["organization", "phase", "position", "id"]
        indexes = [models.Index(fields=["organization", "phase", "position"], name="milestone_tpl_org_phase")]

    def __str__(self):
        return f"{self.get_phase_display()}: {self.title}"

    def due_date_for(self, production, phase_start):
        anchors = {
            MilestoneAnchor.PHASE_START: phase_start,
            MilestoneAnchor.PRODUCTION_START: production.start_date,
            MilestoneAnchor.PRODUCTION_END: production.end_date or production.start_date,
        }
        anchor = anchors[MilestoneAnchor(self.anchor)]
        if anchor is None:  # the production has no dates yet: count from today, never into the past
            return phase_start + datetime.timedelta(days=max(self.offset_days, 0))
        return anchor + datetime.timedelta(days=self.offset_days)


# What an organization starts with; the first phase move writes them as its own, editable rows
# (in the language of whoever makes that move: from then on they are the organization's words).
DEFAULT_PHASE_MILESTONES = {
    S.CONCEPT: [(_("Concept and budget range agreed"), MilestoneAnchor.PHASE_START, 14)],
    S.PLANNING: [
        (_("Budget approved"), MilestoneAnchor.PHASE_START, 14),
        (_("Venue contract signed"), MilestoneAnchor.PHASE_START, 21),
        (_("Production schedule drafted"), MilestoneAnchor.PHASE_START, 28),
    ],
    S.PRE_PRODUCTION: [
        (_("Permits filed"), MilestoneAnchor.PRODUCTION_START, -45),
        (_("Insurance certificates collected"), MilestoneAnchor.PRODUCTION_START, -30),
        (_("Risk assessment signed off"), MilestoneAnchor.PRODUCTION_START, -14),
        (_("Crew confirmed"), MilestoneAnchor.PRODUCTION_START, -14),
        (_("Advances complete"), MilestoneAnchor.PRODUCTION_START, -7),
    ],
    S.IN_PRODUCTION: [
        (_("Safety briefing held"), MilestoneAnchor.PRODUCTION_START, 0),
        (_("Load-in complete"), MilestoneAnchor.PRODUCTION_START, 0),
    ],
    S.POST_PRODUCTION: [
        (_("Load-out complete"), MilestoneAnchor.PRODUCTION_END, 1),
        (_("Debrief held"), MilestoneAnchor.PRODUCTION_END, 14),
        (_("Invoices reconciled"), MilestoneAnchor.PRODUCTION_END, 30),
    ],
    S.COMPLETED: [],
}


class MilestoneQuerySet(TenantQuerySet):
    def overdue(self, today: datetime.date) -> Self:
        """Not done and due before `today` (Milestone.is_overdue says the same of one row)."""
        return self.filter(done_at__isnull=True, due_date__lt=today)


class Milestone(Versioned):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="milestones")
    template = models.ForeignKey(MilestoneTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    phase = models.CharField(max_length=20, choices=[(p.value, p.label) for p in PHASES], blank=True)
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_milestones"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "production__workspace"
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["production", "due_date"], name="milestone_production_due"),
            models.Index(fields=["owner", "due_date"], name="milestone_owner_due"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_at is not None

    def is_overdue(self, today):
        """MilestoneQuerySet.overdue, for one row."""
        return self.done_at is None and self.due_date < today


# --- tasks -----------------------------------------------------------------------------------
class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")


T = TaskStatus
# The board's columns move freely, except that nothing is "moved" onto its own column.
TASK_TRANSITIONS = {
    T.TODO: {T.IN_PROGRESS, T.BLOCKED, T.DONE},
    T.IN_PROGRESS: {T.TODO, T.BLOCKED, T.DONE},
    T.BLOCKED: {T.TODO, T.IN_PROGRESS, T.DONE},
    T.DONE: {T.TODO, T.IN_PROGRESS},
}
OPEN_TASK_STATUSES = (T.TODO, T.IN_PROGRESS, T.BLOCKED)
# "This task is already done; it can't be moved to blocked."
TASK_WORKFLOW = Workflow(
    lazy_words(_("task")),
    TASK_TRANSITIONS,
    states=lazy_words({T.TODO: _("a to-do"), T.DONE: _("already done")}),
    moves=lazy_words({T.DONE: _("marked done")}),
    perms={"*": "productions.change_task"},
    event_prefix="task",
)


class TaskPriority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


PRIORITY_RANK = {TaskPriority.URGENT: 0, TaskPriority.HIGH: 1, TaskPriority.MEDIUM: 2, TaskPriority.LOW: 3}


class TaskQuerySet(TenantQuerySet):
    def overdue(self, today: datetime.date) -> Self:
        """The one meaning of an overdue task (the health card and score, the lists, the board):
        still open and due before `today`, whatever its priority. Task.is_overdue is the same for one row."""
        return self.filter(status__in=OPEN_TASK_STATUSES, due_date__isnull=False, due_date__lt=today)


class Task(Versioned, WorkflowModel):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="production_tasks"
    )
    due_date = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=TaskPriority.choices, default=TaskPriority.MEDIUM)
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO)
    position = models.PositiveIntegerField(default=0, help_text=_("Order within its board column."))
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "production__workspace"
    objects = TaskQuerySet.as_manager()
    workflow = TASK_WORKFLOW

    class Meta:
        ordering = ["position", "id"]
        permissions = [("comment_task", "Can comment on a task")]
        indexes = [
            models.Index(fields=["production", "status", "position"], name="task_board"),
            models.Index(fields=["assignee", "status", "due_date"], name="task_assignee_due"),
            models.Index(fields=["production", "due_date"], name="task_production_due"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def role_scope(cls, user, role):
        """A Raider sees and works on the tasks assigned to them."""
        return Q(assignee=user) if role == Role.RAIDER else Q()

    def is_overdue(self, today):
        """TaskQuerySet.overdue, for one row."""
        return self.status in OPEN_TASK_STATUSES and self.due_date is not None and self.due_date < today


class TaskPartQuerySet(TenantQuerySet):
    """Checklist items and comments are seen with their task: the task's view permission decides."""

    def visible_q(self, access: "Access", perm: str | None) -> Q:
        return super().visible_q(access, perm or "productions.view_task")


class ChecklistItem(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(max_length=300)
    done_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    workspace_path = "task__production__workspace"
    objects = TaskPartQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text

    @classmethod
    def role_scope(cls, user, role):
        return Q(task__assignee=user) if role == Role.RAIDER else Q()


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "task__production__workspace"
    objects = TaskPartQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["task", "created_at"], name="task_comment_order")]

    def __str__(self):
        return f"Comment on {self.task_id} by {self.author_id}"

    @classmethod
    def role_scope(cls, user, role):
        return Q(task__assignee=user) if role == Role.RAIDER else Q()


# --- compliance ------------------------------------------------------------------------------
class ComplianceKind(models.TextChoices):
    PERMIT = "permit", _("Permit")
    INSURANCE = "insurance", _("Insurance certificate")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")
    SAFETY_PLAN = "safety_plan", _("Safety plan")
    LICENCE = "licence", _("Licence")
    OTHER = "other", _("Other")


class ComplianceStatus(models.TextChoices):
    REQUIRED = "required", _("Required")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    REJECTED = "rejected", _("Rejected")
    WAIVED = "waived", _("Not required")


C = ComplianceStatus
# Statuses a person sets; "expiring" and "expired" are set by the nightly check from the dates.
MANUAL_COMPLIANCE_STATUSES = (C.REQUIRED, C.SUBMITTED, C.APPROVED, C.REJECTED, C.WAIVED)
SATISFIED_STATUSES = (C.APPROVED, C.EXPIRING, C.WAIVED)
EXPIRY_WARNING_DAYS = (30, 7)
# An item not yet in hand counts as a gap once its required-by date is this close.
GAP_WINDOW_DAYS = 14
# A person may set any status a permit or certificate really goes through (resubmit a refused one,
# waive one, ask again for a waived one), and the dates move valid items through expiring and
# expired and back (a renewal): every status can follow every other one, never itself.
COMPLIANCE_TRANSITIONS = {status: set(ComplianceStatus) - {status} for status in ComplianceStatus}
COMPLIANCE_WORKFLOW = Workflow(
    lazy_words(_("compliance item")),
    COMPLIANCE_TRANSITIONS,
    states=lazy_words({C.APPROVED: _("valid"), C.WAIVED: _("not required")}),
    moves=lazy_words(
        {
            C.APPROVED: _("marked valid"),
            C.WAIVED: _("waived"),
            C.EXPIRING: _("marked expiring"),
            C.EXPIRED: _("marked expired"),
        }
    ),
    perms={"*": "productions.change_complianceitem"},
    event_prefix="compliance",
)


class ComplianceItem(Versioned, WorkflowModel):
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="compliance_items")
    kind = models.CharField(max_length=20, choices=ComplianceKind.choices, default=ComplianceKind.PERMIT)
    title = models.CharField(max_length=200)
    authority = models.CharField(max_length=200, blank=True, help_text=_("Who issues it: city, fire marshal, insurer…"))
    reference = models.CharField(max_length=100, blank=True)
    required_by = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ComplianceStatus.choices, default=ComplianceStatus.REQUIRED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(blank=True)
    # The last expiry warning sent ("30:2027-05-01"): the nightly check warns once per stage.
    expiry_warning = models.CharField(max_length=30, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    workspace_path = "production__workspace"
    objects = TenantQuerySet.as_manager()
    workflow = COMPLIANCE_WORKFLOW

    class Meta:
        ordering = ["required_by", "id"]
        verbose_name = _("compliance item")
        indexes = [
            models.Index(fields=["production", "status"], name="compliance_production_status"),
            models.Index(fields=["status", "expires_on"], name="compliance_expiry"),
        ]

    def __str__(self):
        return self.title

    def is_gap(self, today):
        """Missing, refused or expired, and needed soon (or already)."""
        if self.status == ComplianceStatus.EXPIRED:
            return True
        if self.status in SATISFIED_STATUSES or self.status == ComplianceStatus.SUBMITTED:
            return False
        return self.required_by is not None and self.required_by <= today + datetime.timedelta(days=GAP_WINDOW_DAYS)


# --- the team ----------------------------------------------------------------------------------
class TeamMember(models.Model):
    """A person on a production's team: they hear of its phase changes and see it in their feeds."""

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="production_teams")
    title = models.CharField(
        _("job"), max_length=120, blank=True, help_text=_("e.g. Stage manager, A1, Tour accountant")
    )
    department = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "production__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["department", "title", "id"]
        verbose_name = _("team member")
        constraints = [models.UniqueConstraint(fields=["production", "user"], name="team_member_once")]
        indexes = [models.Index(fields=["user"], name="team_member_user")]

    def __str__(self):
        return f"{self.user} on {self.production_id}"
