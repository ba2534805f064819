from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

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


class InvoiceDirection(models.TextChoices):
    PAYABLE = "payable", _("From a vendor (payable)")
    RECEIVABLE = "receivable", _("To a client (receivable)")


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")
    VOID = "void", _("Void")


I = InvoiceStatus  # noqa: E741
# Every allowed move. Payments move an invoice to partially paid / paid, refunds back; the nightly
# task moves unpaid ones past their due date to overdue.
INVOICE_TRANSITIONS = {
    I.DRAFT: {I.SENT, I.VOID},
    I.SENT: {I.PARTIALLY_PAID, I.PAID, I.OVERDUE, I.VOID},
    I.PARTIALLY_PAID: {I.SENT, I.PAID, I.OVERDUE},
    I.OVERDUE: {I.PARTIALLY_PAID, I.PAID, I.VOID},
    # A refund (a card payment Stripe gave back) takes a paid invoice back to owing money.
    I.PAID: {I.SENT, I.PARTIALLY_PAID, I.OVERDUE},
    I.VOID: set(),
}
PAYABLE_STATUSES = (I.SENT, I.PARTIALLY_PAID, I.OVERDUE)  # may take a payment
OPEN_STATUSES = (I.SENT, I.PARTIALLY_PAID)  # may fall overdue


class InvoiceQuerySet(TenantQuerySet):
    def outstanding(self) -> Self:
        return self.filter(status__in=PAYABLE_STATUSES)


class Invoice(Versioned, WorkflowModel):
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="invoices")
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    direction = models.CharField(max_length=10, choices=InvoiceDirection.choices, default=InvoiceDirection.PAYABLE)
    # Who the invoice is with: a company, or (a payable one only) a freelancer's crew record (exactly one).
    company = models.ForeignKey(
        "finance.Company", null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    payee = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("freelancer"),
        help_text=_("A freelancer's invoice (payable) instead of a company's."),
    )
    number = models.CharField(max_length=60, help_text=_("The vendor's number, or ours for a client."))
    purchase_order = models.ForeignKey(
        "finance.PurchaseOrder", null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    budget_line = models.ForeignKey(
        "finance.BudgetLine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoices",
        help_text=_("Where a payable invoice's payments land as actual cost."),
    )
    issue_date = models.DateField()
    due_date = models.DateField()
    currency = models.CharField(max_length=3)
    exchange_rate = models.DecimalField(max_digits=14, decimal_places=6, default=Decimal("1"))
    subtotal = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    tax_amount = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    total = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    amount_paid = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    status = models.CharField(max_length=15, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    notes = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InvoiceQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("invoice")),  # lazy: refusals read in the reader's language
        INVOICE_TRANSITIONS,
        states=lazy_words({I.DRAFT: _("a draft"), I.PARTIALLY_PAID: _("partly paid")}),
        moves=lazy_words(
            {
                I.SENT: pgettext_lazy("invoice", "sent"),
                I.VOID: _("voided"),
                I.PAID: pgettext_lazy("invoice", "paid"),
                I.PARTIALLY_PAID: _("partly paid"),
                I.OVERDUE: _("marked overdue"),
            }
        ),
        perms={I.SENT: "finance.change_invoice", I.VOID: "finance.change_invoice", "*": "finance.add_payment"},
        event_prefix="invoice",
    )

    class Meta:
        app_label = "finance"
        ordering = ["-issue_date", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-issue_date", "-id"], name="invoice_ws_issued"),
            models.Index(fields=["status", "due_date"], name="invoice_status_due"),
            models.Index(fields=["company", "-issue_date"], name="invoice_company"),
            models.Index(fields=["payee", "-issue_date"], name="invoice_payee"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["company", "direction", "number"], name="invoice_number_unique"),
            models.UniqueConstraint(
                fields=["payee", "number"], condition=Q(payee__isnull=False), name="invoice_payee_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(company__isnull=False, payee__isnull=True)
                | Q(company__isnull=True, payee__isnull=False, direction=InvoiceDirection.PAYABLE),
                name="invoice_one_party",
            ),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="invoice_rate_positive"),
            models.CheckConstraint(condition=Q(due_date__gte=models.F("issue_date")), name="invoice_due_after_issue"),
        ]

    def __str__(self):
        return f"Invoice {self.number} ({self.party})"

    @property
    def party(self) -> Any:
        """Who the invoice is with: its company, or the freelancer (a crew record)."""
        return self.payee if self.payee_id else self.company

    @property
    def party_name(self) -> str:
        return str(self.party or "")

    @property
    def party_email(self) -> str:
        return getattr(self.party, "email", "") or ""

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "company_id")

    @property
    def balance(self) -> Decimal:
        return self.total - self.amount_paid

    @property
    def is_payable(self) -> bool:
        return self.direction == InvoiceDirection.PAYABLE


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("1"))
    unit_price = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    tax_rate = models.DecimalField(_("tax %"), max_digits=6, decimal_places=3, default=Decimal("0"))
    amount = models.DecimalField(_("net amount"), max_digits=14, decimal_places=2, default=Decimal("0"))
    tax = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    purchase_order_line = models.ForeignKey(
        "finance.PurchaseOrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="invoice_lines"
    )
    position = models.PositiveIntegerField(default=0)
    # The approved time entry a freelancer's line bills (once: an entry is on at most one line).
    time_entry = models.ForeignKey(
        "people.TimeEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_lines"
    )

    workspace_path = "invoice__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="invoice_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="invoice_line_price_not_negative"),
            models.UniqueConstraint(
                fields=["time_entry"], condition=Q(time_entry__isnull=False), name="invoice_line_time_entry_once"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.description}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "invoice__company_id")


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CARD = "card", _("Card")
    CASH = "cash", _("Cash")
    CHEQUE = "cheque", _("Cheque")
    OTHER = "other", _("Other")


class Payment(models.Model):
    """Money paid against an invoice (to a vendor, or received from a client), in its currency."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="payments")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    paid_on = models.DateField()
    method = models.CharField(max_length=15, choices=PaymentMethod.choices, default=PaymentMethod.BANK_TRANSFER)
    reference = models.CharField(max_length=120, blank=True)
    # What was given back of it (a card refund); each refund is in the invoice's history.
    refunded = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "invoice__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(refunded__gte=0, refunded__lte=models.F("amount")), name="payment_refund_within_amount"
            ),
        ]

    def __str__(self):
        return f"{self.amount} on {self.paid_on} for {self.invoice}"

    @property
    def net(self) -> Decimal:
        return self.amount - self.refunded

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "invoice__company_id")
