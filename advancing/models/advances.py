"""Advancing's core models: the catalog, an advance with its workflow, its lines and its comments."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat, Lower
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.access import may_any
from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role
from productions.wording import lazy_words

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.access import Access


class Module(models.Model):
    """No table: carries the permission that opens the Advancing module for a role."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("open_module", "Can open the Advancing module")]

    def __str__(self):
        return "Advancing module"


CATEGORIES = [
    ("Technical", "TECH"),
    ("Production", "PROD"),
    ("Equipment", "EQUIP"),
    ("Site Infrastructure", "INFRA"),
    ("Site Utilities", "UTIL"),
    ("Site Assets", "ASSET"),
    ("Site Vehicles", "VEH"),
    ("Heavy Equipment", "HEAVY"),
    ("Site Safety", "SAFE"),
    ("Staffing", "STAFF"),
    ("Security", "SEC"),
    ("Hospitality", "HOSP"),
    ("Transportation", "TRANS"),
    ("Travel", "TRAV"),
    ("Accommodation", "ACCOM"),
    ("Access", "ACCESS"),
    ("Permits", "PERMIT"),
    ("Marketing", "MKT"),
    ("Printing", "PRINT"),
    ("Merchandise", "MERCH"),
    ("Shipping", "SHIP"),
    ("Tracking", "TRACK"),
    ("Analytics", "ANLY"),
    ("Other", "OTHER"),
]
CATEGORY_PREFIX = dict(CATEGORIES)
CATEGORY_CHOICES = [(c, c) for c, _prefix in CATEGORIES]  # category names are catalog data, not translated


class CatalogItemQuerySet(models.QuerySet):
    def enabled(self) -> Self:
        return self.filter(enabled=True)


class CatalogItem(models.Model):
    """One entry of the global production advancing catalog (read-only to users)."""

    item_id = models.CharField(max_length=20, unique=True)
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES, db_index=True)
    subcategory = models.CharField(max_length=80)
    name = models.CharField(max_length=200)
    common_variations = models.JSONField(default=list, blank=True)
    related_accessories = models.JSONField(default=list, blank=True)
    specifications = models.TextField(blank=True)
    standard_unit = models.CharField(max_length=40)
    metadata = models.JSONField(default=dict, blank=True)
    enabled = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What catalog search reads: kept by the database itself, so no save path can forget it.
    # On PostgreSQL a trigram GIN index on it serves LIKE '%word%' (migration 0004).
    search_text = models.GeneratedField(
        expression=Lower(
            Concat(
                "name",
                Value(" "),
                "subcategory",
                Value(" "),
                "specifications",
                Value(" "),
                Cast("common_variations", models.TextField()),
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = CatalogItemQuerySet.as_manager()

    class Meta:
        ordering = ["item_id"]
        permissions = [("manage_catalog", "Can manage the advancing catalog")]

    def __str__(self):
        return f"{self.item_id} {self.name}"


class AdvanceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


S = AdvanceStatus
# Every allowed move, read by the services, the templates (which buttons) and the tests.
ALLOWED_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.CANCELLED},
    S.SUBMITTED: {S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.CANCELLED},
    S.UNDER_REVIEW: {S.APPROVED, S.REJECTED, S.CANCELLED},
    S.APPROVED: {S.IN_PROGRESS},
    S.IN_PROGRESS: {S.FULFILLED},
    S.FULFILLED: set(),
    S.REJECTED: set(),
    S.CANCELLED: set(),
}
REVIEW_QUEUE_STATUSES = (S.SUBMITTED, S.UNDER_REVIEW)
EDITABLE_STATUSES = (S.DRAFT,)


# The one "may review here" answer: the queue, the API, notifications and finance's budget check
# all ask `may_any(user, REVIEW_PERMS, advance)` (lower modules read it as `advance.review_perms`).
REVIEW_PERMS = ("advancing.review_advance", "advancing.approve_advance")

# How refusals read: "This advance is a draft; it can't be approved.",
# "This advance is already approved; it can't be rejected. Dana Reyes changed it at …".
ADVANCE_WORKFLOW = Workflow(
    lazy_words(_("advance")),  # lazy: the refusal reads in the reader's language; the events keep "advance."
    ALLOWED_TRANSITIONS,
    states=lazy_words(
        {
            S.DRAFT: _("a draft"),
            S.SUBMITTED: _("submitted"),
            S.UNDER_REVIEW: _("under review"),
            S.APPROVED: _("already approved"),
            S.IN_PROGRESS: _("in progress"),
            S.FULFILLED: _("already fulfilled"),
            S.REJECTED: _("already rejected"),
            S.CANCELLED: _("already cancelled"),
        }
    ),
    moves=lazy_words(
        {
            S.SUBMITTED: _("submitted"),
            S.UNDER_REVIEW: _("taken into review"),
            S.APPROVED: _("approved"),
            S.IN_PROGRESS: _("processed"),
            S.FULFILLED: _("fulfilled"),
            S.REJECTED: _("rejected"),
            S.CANCELLED: _("cancelled"),
        }
    ),
    # Cancelling has its own rule (the submitter who may edit it, or an approver): see cancel_advance.
    perms={
        S.SUBMITTED: "advancing.submit_advance",
        S.UNDER_REVIEW: "advancing.review_advance",
        S.APPROVED: "advancing.approve_advance",
        S.REJECTED: "advancing.approve_advance",
        S.IN_PROGRESS: "advancing.approve_advance",
        S.FULFILLED: "advancing.fulfil_advance",
    },
    event_prefix="advance",
)


def can_move(from_status: str, to_status: str) -> bool:
    return ADVANCE_WORKFLOW.can_move(from_status, to_status)


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# Priority is derived from the estimated cost; filtering by it is a range on an indexed column.
PRIORITY_THRESHOLDS = {"high": Decimal("10000"), "medium": Decimal("1000")}


def priority_q(priority: str, field: str = "estimated_cost") -> Q:
    high, medium = PRIORITY_THRESHOLDS["high"], PRIORITY_THRESHOLDS["medium"]
    return {
        Priority.HIGH: Q(**{f"{field}__gte": high}),
        Priority.MEDIUM: Q(**{f"{field}__gte": medium, f"{field}__lt": high}),
        Priority.LOW: Q(**{f"{field}__lt": medium}) | Q(**{f"{field}__isnull": True}),
    }[Priority(priority)]


def priority_for(cost: Decimal | None) -> Priority:
    cost = cost or Decimal("0")
    if cost >= PRIORITY_THRESHOLDS["high"]:
        return Priority.HIGH
    if cost >= PRIORITY_THRESHOLDS["medium"]:
        return Priority.MEDIUM
    return Priority.LOW


class AdvanceQuerySet(TenantQuerySet):
    def in_review_queue(self) -> Self:
        return self.filter(status__in=REVIEW_QUEUE_STATUSES)


class Advance(Versioned, WorkflowModel):
    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="advances")
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="advances")
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="advances"
    )
    # The show day the advance is for (its day sheet lists its lines); none: for the whole production.
    event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advances",
        verbose_name=_("show day"),
    )
    team_workspace = models.CharField(_("team / workspace label"), max_length=200, blank=True)
    activation_name = models.CharField(max_length=200, blank=True)
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advances")
    submitted_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=AdvanceStatus.choices, default=AdvanceStatus.DRAFT)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewer_notes = models.TextField(blank=True)
    approved_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    fulfillment_notes = models.TextField(blank=True)
    estimated_cost = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    actual_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvanceQuerySet.as_manager()
    workflow = ADVANCE_WORKFLOW
    review_perms = REVIEW_PERMS

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("submit_advance", "Can submit an advance"),
            ("review_advance", "Can start the review of an advance"),
            ("approve_advance", "Can approve, reject and process an advance"),
            ("fulfil_advance", "Can record fulfilment of an advance"),
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "submitted_at", "id"]),
            models.Index(fields=["status", "submitted_at", "id"]),
            # An org-wide list (an org admin's API page) walks this in order, reading the workspace from the
            # index alone (a deep offset skips 25,000 entries without the table); the workspace ones serve one.
            models.Index(fields=["submitted_at", "id", "workspace"], name="advance_list_order"),
            models.Index(fields=["status", "estimated_cost"]),
            models.Index(fields=["submitter", "created_at"]),
            models.Index(fields=["production"]),
            # The review queue's order, over queue rows only: page 1 and page 500 both
            # walk an index instead of sorting the queue.
            models.Index(
                fields=["submitted_at", "id"], condition=Q(status__in=REVIEW_QUEUE_STATUSES), name="advance_queue_order"
            ),
            models.Index(
                fields=["workspace", "submitted_at", "id"],
                condition=Q(status__in=REVIEW_QUEUE_STATUSES),
                name="advance_queue_ws_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="advance_estimated_cost_not_negative"),
        ]

    def __str__(self):
        return f"Advance #{self.pk} {self.activation_name or ''}".strip()

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        """A Raider sees and edits only the advances they submitted."""
        return Q(submitter=user) if role == Role.RAIDER else Q()

    def presence_doing(self, user) -> str:
        """What `user` does with this page open, for the others on it (dragonfly/realtime): an advance
        waiting for review is being reviewed by whoever may review it."""
        return "reviewing" if self.status in REVIEW_QUEUE_STATUSES and may_any(user, REVIEW_PERMS, self) else ""

    @property
    def priority(self) -> Priority:
        return priority_for(self.estimated_cost)


class FulfilmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PARTIAL = "partial", _("Partial")
    COMPLETE = "complete", _("Complete")


class Procurement(models.TextChoices):
    """How the production office gets a line: from its own stock/crew, or bought or hired
    from a vendor (finance drafts a purchase order for those when the advance is approved)."""

    NONE = "", _("In-house")  # own stock or own crew; short enough for a phone's select
    BUY = "buy", _("To buy")
    HIRE = "hire", _("To hire")


class AdvanceItem(Versioned):
    advance = models.ForeignKey(Advance, on_delete=models.CASCADE, related_name="items")
    catalog_item = models.ForeignKey(CatalogItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("1"))
    # Set at approval; fewer than requested is a partial approval the crew sees.
    approved_quantity = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=40)
    unit_cost = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    total_cost = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    quantity_fulfilled = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    fulfilment_status = models.CharField(
        max_length=10, choices=FulfilmentStatus.choices, default=FulfilmentStatus.PENDING
    )
    actual_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    procurement = models.CharField(max_length=4, choices=Procurement.choices, default=Procurement.NONE, blank=True)
    notes = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "advance__workspace"

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="advance_item_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="advance_item_unit_cost_not_negative"),
            models.CheckConstraint(condition=Q(quantity_fulfilled__gte=0), name="advance_item_fulfilled_not_negative"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.name}"

    @property
    def quantity_to_fulfil(self) -> Decimal:
        """What fulfilment is measured against: the approved quantity, else the requested one."""
        return self.approved_quantity if self.approved_quantity is not None else self.quantity

    # The line's three amounts, as the header has them: requested (`total_cost`, quantity × unit
    # cost, kept by services.recompute_totals), approved (below) and actual (`actual_cost`, set at
    # fulfilment). The page, the API, the CSV and the header's approved cost all read these.
    @property
    def approved_cost(self) -> Decimal | None:
        """Approved quantity × unit cost, to the cent; None until the advance is approved."""
        if self.approved_quantity is None:
            return None
        return (self.approved_quantity * self.unit_cost).quantize(Decimal("0.01"))


def line_totals(items: Iterable[AdvanceItem]) -> dict[str, Decimal | None]:
    """The sums of the lines' requested, approved and actual amounts (None where no line has one)."""
    items = list(items)

    def total(values):
        values = [v for v in values if v is not None]
        return sum(values, Decimal(0)) if values else None

    return {
        "requested": total(i.total_cost for i in items),
        "approved": total(i.approved_cost for i in items),
        "actual": total(i.actual_cost for i in items),
    }


class AdvanceCommentQuerySet(TenantQuerySet):
    """Comments are seen with their advance: the advance's view permission decides."""

    def visible_q(self, access: Access, perm: str | None) -> Q:
        return super().visible_q(access, perm or "advancing.view_advance")


class AdvanceComment(models.Model):
    """A message between the crew who submitted an advance and its reviewers (on its page, or a reply
    to one of its notification emails: dragonfly/notifications/replies.py)."""

    advance = models.ForeignKey(Advance, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "advance__workspace"
    objects = AdvanceCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["advance", "created_at"], name="advance_comment_order")]

    def __str__(self):
        return f"Comment on advance {self.advance_id} by {self.author_id}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        """A Raider sees the comments on the advances they submitted (as they see those advances)."""
        return Q(advance__submitter=user) if role == Role.RAIDER else Q()
