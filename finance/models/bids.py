"""Requests for quote and the bids companies send against them.

A request for quote (RFQ) is the need: lines drafted from an approved advance or written freely.
Invited companies bid a price per line with a validity date; awarding one bid turns its lines into a
purchase order and declines the others. Other modules (jobs' RFPs, later) point at an RFQ."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from productions.wording import lazy_words

from ..merchants import merchant_rfq_scope, merchant_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.roles import Role


class RfqStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for bids")
    AWARDED = "awarded", _("Awarded")
    CLOSED = "closed", _("Closed")


R = RfqStatus
# Every allowed move, read by the services, the templates (which buttons) and the tests.
RFQ_TRANSITIONS = {
    R.DRAFT: {R.OPEN, R.CLOSED},
    R.OPEN: {R.AWARDED, R.CLOSED},
    R.AWARDED: set(),
    R.CLOSED: set(),
}


class BidStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


B = BidStatus
BID_TRANSITIONS = {
    B.SUBMITTED: {B.AWARDED, B.DECLINED, B.WITHDRAWN},
    B.AWARDED: set(),
    B.DECLINED: set(),
    B.WITHDRAWN: set(),
}


class RequestForQuote(Versioned, WorkflowModel):
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="rfqs")
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="rfqs"
    )
    advance = models.ForeignKey(
        "advancing.Advance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rfqs",
        help_text=_("The approved advance whose lines this request asks prices for."),
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    currency = models.CharField(max_length=3)
    respond_by = models.DateField(_("bids due by"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=RfqStatus.choices, default=RfqStatus.DRAFT)
    invited = models.ManyToManyField(
        "finance.Company", blank=True, related_name="rfqs_invited", help_text=_("The companies asked to bid.")
    )
    purchase_order = models.OneToOneField(
        "finance.PurchaseOrder", null=True, blank=True, on_delete=models.SET_NULL, related_name="rfq"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("request for quote")),
        RFQ_TRANSITIONS,
        states=lazy_words({R.DRAFT: _("a draft"), R.OPEN: _("open for bids")}),
        moves=lazy_words({R.OPEN: _("opened"), R.AWARDED: _("awarded"), R.CLOSED: _("closed")}),
        perms={R.AWARDED: "finance.award_requestforquote", "*": "finance.change_requestforquote"},
        event_prefix="rfq",
    )

    class Meta:
        app_label = "finance"
        ordering = ["-created_at", "-id"]
        verbose_name = _("request for quote")
        verbose_name_plural = _("requests for quote")
        permissions = [("award_requestforquote", "Can award requests for quote")]
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"], name="rfq_ws_created"),
            models.Index(fields=["-created_at", "-id"], name="rfq_created"),
            models.Index(fields=["workspace", "status", "-created_at"], name="rfq_ws_status"),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_rfq_scope(user, role, "pk")


class RfqLine(models.Model):
    rfq = models.ForeignKey(RequestForQuote, on_delete=models.CASCADE, related_name="lines")
    advance_item = models.ForeignKey(
        "advancing.AdvanceItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="rfq_lines"
    )
    catalog_item = models.ForeignKey(
        "advancing.CatalogItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("1"))
    unit = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField(default=0)

    workspace_path = "rfq__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="rfq_line_quantity_positive")]

    def __str__(self):
        return f"{self.quantity} × {self.description}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_rfq_scope(user, role, "rfq_id")


class Bid(WorkflowModel):
    rfq = models.ForeignKey(RequestForQuote, on_delete=models.CASCADE, related_name="bids")
    company = models.ForeignKey("finance.Company", on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(max_length=10, choices=BidStatus.choices, default=BidStatus.SUBMITTED)
    valid_until = models.DateField(_("valid until"))
    notes = models.TextField(blank=True)
    total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    attachments = GenericRelation("files.Attachment", object_id_field="object_id")

    workspace_path = "rfq__workspace"
    objects = TenantQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("bid")),
        BID_TRANSITIONS,
        states=lazy_words({B.SUBMITTED: _("submitted")}),
        moves=lazy_words({B.AWARDED: _("awarded"), B.DECLINED: _("declined"), B.WITHDRAWN: _("withdrawn")}),
        perms={
            B.AWARDED: "finance.award_requestforquote",
            B.DECLINED: "finance.award_requestforquote",
            "*": "finance.change_bid",
        },
        event_prefix="bid",
    )

    class Meta:
        app_label = "finance"
        ordering = ["-created_at", "-id"]
        verbose_name = _("bid")
        indexes = [
            models.Index(fields=["rfq", "total"], name="bid_rfq_total"),
            models.Index(fields=["company", "-created_at"], name="bid_company"),
            models.Index(fields=["-created_at", "-id"], name="bid_created"),
        ]
        constraints = [
            # One live bid per company and request; a withdrawn bid may be followed by a new one.
            models.UniqueConstraint(
                fields=["rfq", "company"], condition=~Q(status="withdrawn"), name="bid_one_live_per_company"
            ),
        ]

    def __str__(self):
        return f"{self.company} — {self.rfq}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "company_id")


class BidLine(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="lines")
    rfq_line = models.ForeignKey(RfqLine, on_delete=models.CASCADE, related_name="bid_lines")
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))

    workspace_path = "bid__rfq__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["rfq_line__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "rfq_line"], name="bid_line_once_per_rfq_line"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="bid_line_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.rfq_line.description}: {self.unit_price}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "bid__company_id")
