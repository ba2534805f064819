from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from productions.wording import lazy_words

from .budgets import BUDGET_CATEGORY_CHOICES


class ExpenseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    REIMBURSED = "reimbursed", _("Reimbursed")


E = ExpenseStatus
# Every allowed move, read by the services, the templates (which buttons) and the tests.
EXPENSE_TRANSITIONS = {
    E.SUBMITTED: {E.APPROVED, E.REJECTED},
    E.APPROVED: {E.REIMBURSED},
    E.REJECTED: set(),
    E.REIMBURSED: set(),
}
# Statuses whose amount is spent money on the budget.
EXPENSE_ACTUAL_STATUSES = (E.APPROVED, E.REIMBURSED)


class Expense(Versioned, WorkflowModel):
    """Money someone spent (a taxi, a cable bought on site), with its receipt, waiting for approval."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="expenses")
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.SET_NULL, related_name="expenses"
    )
    budget_line = models.ForeignKey(
        "finance.BudgetLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="expenses"
    )
    category = models.CharField(max_length=40, choices=BUDGET_CATEGORY_CHOICES)
    spent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expenses")
    spent_on = models.DateField()
    description = models.CharField(max_length=300)
    merchant_name = models.CharField(_("paid to"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (net)"), max_digits=14, decimal_places=2)
    tax = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3)
    exchange_rate = models.DecimalField(
        max_digits=14,
        decimal_places=6,
        default=Decimal("1"),
        help_text=_("Organization currency per unit of the expense's currency (1 when they are the same)."),
    )
    base_amount = models.DecimalField(
        _("amount in organization currency"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    receipt = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=ExpenseStatus.choices, default=ExpenseStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    reimbursed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("expense")),  # lazy: refusals read in the reader's language
        EXPENSE_TRANSITIONS,
        moves=lazy_words({E.APPROVED: _("approved"), E.REJECTED: _("rejected"), E.REIMBURSED: _("reimbursed")}),
        perms={"*": "finance.approve_expense"},
        event_prefix="expense",
    )

    class Meta:
        app_label = "finance"
        ordering = ["-spent_on", "-id"]
        permissions = [("approve_expense", "Can approve, reject and reimburse expenses")]
        indexes = [
            models.Index(fields=["workspace", "-spent_on", "-id"], name="expense_ws_date"),
            models.Index(fields=["workspace", "status", "-spent_on"], name="expense_ws_status"),
            models.Index(fields=["production"], name="expense_production"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="expense_amount_not_negative"),
            models.CheckConstraint(condition=Q(tax__gte=0), name="expense_tax_not_negative"),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="expense_rate_positive"),
        ]

    def __str__(self):
        return f"Expense #{self.pk} {self.description}"

    @property
    def gross_amount(self) -> Decimal:
        return self.amount + self.tax
