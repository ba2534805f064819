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
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser, User


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

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None, perm: str | None = None) -> Self:
        return super().visible_to(user, perm or "advancing.view_advance")


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


class PairingSource(models.TextChoices):
    CATALOG = "catalog", _("Catalog accessory")
    HISTORY = "history", _("Often requested together")


class ItemPairing(models.Model):
    """`companion` goes well with `item`: a related accessory the catalog names (no workspace), or
    an item that `advances` of the workspace's advances also contained. Written only by
    suggestions.refresh_pairings (a nightly job), read by the advance form's suggestions: one indexed
    query per lookup instead of a co-occurrence count per keystroke."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    companion = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=PairingSource.choices)
    advances = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "-advances", "companion"]
        indexes = [models.Index(fields=["item", "workspace"])]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "companion"], condition=Q(workspace__isnull=True), name="pairing_catalog_once"
            ),
            models.UniqueConstraint(
                fields=["workspace", "item", "companion"],
                condition=Q(workspace__isnull=False),
                name="pairing_history_once",
            ),
        ]

    def __str__(self):
        return f"{self.item_id} → {self.companion_id} ({self.source})"


# --- stock (issue 22): which of the organization's own assets a catalog item is taken from ------------
class StockMapping(models.Model):
    """A catalog item (global) is taken from the organization's own assets of one category, `factor`
    assets per unit of the line (a "PA system" line may take 4 assets of "Audio – speakers")."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    catalog_item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    asset_category = models.CharField(
        _("asset category"), max_length=80, help_text=_("As the assets name it, e.g. Lighting, Audio.")
    )
    factor = models.PositiveIntegerField(
        _("assets per unit"), default=1, help_text=_("How many assets one unit of the line takes.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["catalog_item__item_id", "id"]
        verbose_name = _("stock mapping")
        verbose_name_plural = _("stock mappings")
        constraints = [
            models.UniqueConstraint(fields=["organization", "catalog_item"], name="stock_mapping_once_per_org"),
            models.CheckConstraint(condition=Q(factor__gte=1), name="stock_mapping_factor_positive"),
        ]

    def __str__(self):
        return f"{self.catalog_item_id} → {self.asset_category} × {self.factor}"


class StockReservation(models.Model):
    """An asset reservation made for an advance line when the advance was approved."""

    item = models.ForeignKey(AdvanceItem, on_delete=models.CASCADE, related_name="stock_reservations")
    reservation = models.ForeignKey("assets.Reservation", on_delete=models.CASCADE, related_name="+")
    assets = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "item__advance__workspace"

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "reservation"], name="stock_reservation_once"),
        ]

    def __str__(self):
        return f"Line {self.item_id} → reservation {self.reservation_id}"


# --- templates and roll-over (issue 22: advancing beyond the plan) ------------------------------
class ProductionType(models.TextChoices):
    """What kind of show a template is for (the templates page filters by it)."""

    ARENA_SHOW = "arena_show", _("Arena show")
    FESTIVAL_STAGE = "festival_stage", _("Festival stage")
    CORPORATE_GALA = "corporate_gala", _("Corporate gala")
    CLUB_SHOW = "club_show", _("Club show")
    OTHER = "other", _("Other")


# Who sees a template: who manages templates (view_advancetemplate) and who may create advances where it
# applies (add_advance); saving, renaming and deleting need add/change/delete_advancetemplate.
TEMPLATE_USE_PERMS = ("advancing.view_advancetemplate", "advancing.add_advance")


class AdvanceTemplateQuerySet(TenantQuerySet):
    """A template limited to a workspace is seen there; an organization-wide one (no workspace) by whoever
    holds the permission in any workspace of the organization (or organization-wide)."""

    def visible_q(self, access, perm):
        perms = (perm,) if perm else TEMPLATE_USE_PERMS
        q = Q(pk__in=[])
        for wanted in perms:
            q |= access.visible_q(self.model, wanted)
            org_ids = {org for org, role in access.org_roles.items() if access.role_has(role, wanted, org)}
            for org_id, ws_role in access.workspace_roles.values():
                role = Role.strongest([ws_role, access.org_roles.get(org_id)])
                if access.role_has(role, wanted, org_id):
                    org_ids.add(org_id)
            org_ids = {org for org in org_ids if "advancing" not in access.modules_off_in(org).organization}
            if org_ids:
                q |= Q(workspace__isnull=True, organization_id__in=sorted(org_ids))
        return q


class AdvanceTemplate(Versioned):
    """A named set of catalog lines (no dates, no status, no fulfilment) an advance can start from:
    "what an arena show always asks for". Organization-wide, or limited to one workspace."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    production_type = models.CharField(
        _("production type"), max_length=20, choices=ProductionType.choices, default=ProductionType.OTHER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvanceTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("advance template")
        indexes = [
            models.Index(fields=["organization", "name", "id"], name="advance_template_order"),
            models.Index(fields=["workspace", "name", "id"], name="advance_template_ws_order"),
        ]

    def __str__(self):
        return self.name

    @property
    def scope(self):
        """What a permission on this template is checked on: its workspace, else its organization."""
        return self.workspace if self.workspace_id else self.organization


class AdvanceTemplateLine(models.Model):
    template = models.ForeignKey(AdvanceTemplate, on_delete=models.CASCADE, related_name="lines")
    catalog_item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("1"))
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    workspace_path = "template__workspace"
    organization_path = "template__organization"

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="advance_template_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.catalog_item_id}"


class RolloverStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RolloverQuerySet(TenantQuerySet):
    """A roll-over is its requester's (the platform admin sees every one)."""

    def visible_q(self, access, perm):
        return Q(requested_by=access.user)


class Rollover(models.Model):
    """Copying a workspace's advances (a festival edition) into another workspace of the organization
    (next year's) as drafts, run by a Celery task; its summary says what was copied and what was not."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    source_workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")  # the target
    shift_days = models.IntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=RolloverStatus.choices, default=RolloverStatus.QUEUED)
    copied = models.PositiveIntegerField(default=0)
    # [{"advance": id, "label": "#12 Opening night", "reason": "…"}], in the requester's language
    skipped = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)  # what a copy left out (a production, a line)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RolloverQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)  # the admin lists them; the app reads them through visible_to
        indexes = [models.Index(fields=["requested_by", "created_at"], name="rollover_requester")]

    def __str__(self):
        return f"Roll-over #{self.pk} {self.source_workspace_id} → {self.workspace_id}"


class RolloverCopy(models.Model):
    """The copy of one source advance in a target workspace: once per (source, target workspace), so
    rolling the same edition over twice copies nothing new."""

    source = models.ForeignKey(Advance, on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    copy = models.OneToOneField(Advance, on_delete=models.CASCADE, related_name="rolled_over_from")
    rollover = models.ForeignKey(Rollover, null=True, on_delete=models.SET_NULL, related_name="copies")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ("view",)  # the admin lists them; the app reads them through visible_to
        constraints = [models.UniqueConstraint(fields=["source", "workspace"], name="rollover_copy_once")]

    def __str__(self):
        return f"{self.source_id} → {self.copy_id}"


# --- advances shared with outside collaborators (advancing/sharing.py) -------------------------------
class ShareField(models.TextChoices):
    """What of an advance its crew may choose to show on a share link, besides the lines themselves."""

    PRODUCTION = "production", _("Production and team")
    NOTES = "notes", _("Line notes")
    FULFILMENT = "fulfilment", _("What has arrived")


class AdvanceShareLinkQuerySet(TenantQuerySet):
    """A share link is seen by who may edit its advance (the crew who shares it)."""

    def visible_to(self, user: AbstractBaseUser | AnonymousUser | None, perm: str | None = None) -> Self:
        return super().visible_to(user, perm or "advancing.change_advance")


class AdvanceShareLink(models.Model):
    """An advance shared with someone outside the organization (an artist's tour manager, a supplier):
    the token is in the URL, only its hash is stored; so is the optional passcode's."""

    advance = models.ForeignKey(Advance, on_delete=models.CASCADE, related_name="share_links")
    label = models.CharField(_("for"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    passcode_hash = models.CharField(max_length=128, blank=True, editable=False)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    shared_fields = models.JSONField(_("also shown"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reset_at = models.DateTimeField(_("reset"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_by = models.CharField(_("last used by"), max_length=400, blank=True)

    workspace_path = "advance__workspace"
    objects = AdvanceShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("advance share link")
        verbose_name_plural = _("advance share links")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["advance", "created_at"], name="advance_share_order")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=models.F("valid_from")), name="advance_share_window"),
        ]

    def __str__(self):
        return f"Advance {self.advance_id} shared with {self.label}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        """A Raider shares only the advances they submitted (as they edit only those)."""
        return Q(advance__submitter=user) if role == Role.RAIDER else Q()

    @property
    def has_passcode(self) -> bool:
        return bool(self.passcode_hash)

    def state(self, now=None) -> str:
        """ "revoked", "not_open", "expired" or "open"."""
        from django.utils import timezone

        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if now < self.valid_from:
            return "not_open"
        if now >= self.valid_until:
            return "expired"
        return "open"
