from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from productions.wording import lazy_words

from ..merchants import merchant_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.roles import Role


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    PARTIALLY_RECEIVED = "partially_received", _("Partially received")
    RECEIVED = "received", _("Received")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


P = PurchaseOrderStatus
# Every allowed move, read by the services, the templates (which buttons) and the tests.
# pending_approval → draft is "returned to the requester"; receiving moves sent/partially
# received on by itself; closing a partially received order short-closes it.
PO_TRANSITIONS = {
    P.DRAFT: {P.PENDING_APPROVAL, P.CANCELLED},
    P.PENDING_APPROVAL: {P.APPROVED, P.DRAFT, P.CANCELLED},
    P.APPROVED: {P.SENT, P.CANCELLED},
    P.SENT: {P.PARTIALLY_RECEIVED, P.RECEIVED, P.CANCELLED},
    P.PARTIALLY_RECEIVED: {P.RECEIVED, P.CLOSED},
    P.RECEIVED: {P.CLOSED},
    P.CLOSED: set(),
    P.CANCELLED: set(),
}
EDITABLE_PO_STATUSES = (P.DRAFT,)
# An approved order is money promised to the vendor until it is closed or cancelled.
COMMITTING_PO_STATUSES = (P.APPROVED, P.SENT, P.PARTIALLY_RECEIVED, P.RECEIVED)
RECEIVABLE_PO_STATUSES = (P.SENT, P.PARTIALLY_RECEIVED)


class PurchaseOrderQuerySet(TenantQuerySet):
    def awaiting_approval(self) -> Self:
        return self.filter(status=P.PENDING_APPROVAL)


class PurchaseOrder(Versioned, WorkflowModel):
    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="purchase_orders")
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="purchase_orders"
    )
    number = models.CharField(max_length=30)
    vendor = models.ForeignKey(
        "finance.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchase_orders",
        help_text=_("Needed before the order goes for approval."),
    )
    budget_line = models.ForeignKey(
        "finance.BudgetLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="purchase_orders"
    )
    advance = models.ForeignKey(
        "advancing.Advance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_orders",
        help_text=_("The advance whose “to buy / to hire” lines this order was drafted from."),
    )
    agreement = models.ForeignKey(
        "finance.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="purchase_orders",
        help_text=_("The framework agreement whose rates this order's lines take."),
    )
    category = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=PurchaseOrderStatus.choices, default=PurchaseOrderStatus.DRAFT)
    currency = models.CharField(max_length=3)
    exchange_rate = models.DecimalField(max_digits=14, decimal_places=6, default=Decimal("1"))
    subtotal = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    tax_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    approvals_required = models.PositiveSmallIntegerField(default=1)
    expected_on = models.DateField(_("expected delivery"), null=True, blank=True)
    delivery_address = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PurchaseOrderQuerySet.as_manager()
    # Activity verbs stay `purchase_order.*` (the history reads them); domain events are `po.*`.
    workflow = Workflow(
        lazy_words(_("purchase order")),  # lazy: refusals read in the reader's language
        PO_TRANSITIONS,
        states=lazy_words(
            {
                P.DRAFT: _("a draft"),
                P.PENDING_APPROVAL: _("waiting for approval"),
                P.SENT: _("sent to the vendor"),
                P.PARTIALLY_RECEIVED: _("partly received"),
            }
        ),
        moves=lazy_words(
            {
                P.PENDING_APPROVAL: _("sent for approval"),
                P.APPROVED: _("approved"),
                P.DRAFT: _("returned to draft"),
                P.SENT: _("sent to the vendor"),
                P.PARTIALLY_RECEIVED: pgettext_lazy("purchase order", "received"),
                P.RECEIVED: pgettext_lazy("purchase order", "received"),
                P.CLOSED: pgettext_lazy("purchase order", "closed"),
                P.CANCELLED: _("cancelled"),
            }
        ),
        perms={
            P.APPROVED: "finance.approve_purchaseorder",
            P.DRAFT: "finance.approve_purchaseorder",
            "*": "finance.change_purchaseorder",
        },
        event_prefix="po",
    )

    class Meta:
        app_label = "finance"
        ordering = ["-created_at", "-id"]
        verbose_name = _("purchase order")
        permissions = [("approve_purchaseorder", "Can approve purchase orders")]
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="po_ws_created"),
            models.Index(fields=["workspace", "status", "-created_at"], name="po_ws_status"),
            models.Index(fields=["vendor", "-created_at"], name="po_vendor"),
            models.Index(fields=["advance"], name="po_advance"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="po_number_unique_in_org"),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="po_rate_positive"),
        ]

    def __str__(self):
        return self.number

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "vendor_id")


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    catalog_item = models.ForeignKey(
        "advancing.CatalogItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    advance_item = models.OneToOneField(
        "advancing.AdvanceItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_order_line",
        help_text=_("The advance line this order line buys or hires; its cost is committed by the advance."),
    )
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("1"))
    unit = models.CharField(max_length=40, blank=True)
    unit_price = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    tax_rate = models.DecimalField(_("tax %"), max_digits=6, decimal_places=3, default=Decimal("0"))
    amount = models.DecimalField(_("net amount"), max_digits=14, decimal_places=2, default=Decimal("0"))
    tax = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    quantity_received = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    position = models.PositiveIntegerField(default=0)

    workspace_path = "purchase_order__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="po_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="po_line_price_not_negative"),
            models.CheckConstraint(condition=Q(quantity_received__gte=0), name="po_line_received_not_negative"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.description}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "purchase_order__vendor_id")

    @property
    def is_covered_by_advance(self) -> bool:
        return self.advance_item_id is not None

    @property
    def quantity_outstanding(self) -> Decimal:
        return max(self.quantity - self.quantity_received, Decimal("0"))


class PurchaseOrderApproval(models.Model):
    """One approver's yes on a purchase order; orders over the threshold need two different people."""

    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    approved_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "purchase_order__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["purchase_order", "approver"], name="po_approval_once_per_person"),
        ]

    def __str__(self):
        return f"{self.approver} approved {self.purchase_order}"
