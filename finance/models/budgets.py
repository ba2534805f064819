from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from advancing.models import CATEGORIES as ADVANCING_CATEGORIES
from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import TenantQuerySet

# Budget lines mirror the advancing catalog's categories, plus what crews never advance.
BUDGET_CATEGORIES = [name for name, _ in ADVANCING_CATEGORIES] + ["Labour", "Venue", "Contingency"]
BUDGET_CATEGORY_CHOICES = [(c, c) for c in BUDGET_CATEGORIES]
FALLBACK_CATEGORY = "Other"


class Budget(Versioned):
    """The money a production (or a whole workspace) plans to spend, line by line.

    Versions: each line carries its *working* planned amount, which the team keeps editing,
    and the *baseline* — the working amounts as they stood when the budget was locked
    (`lock_baseline`). Variance is read against the working version; the baseline stays.
    """

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="budgets")
    production = models.OneToOneField(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="budget",
        help_text=_("Empty: the workspace's own budget (costs outside any production)."),
    )
    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_budgets",
        help_text=_("Hears when a line passes 80 % and 100 %."),
    )
    currency = models.CharField(max_length=3, help_text=_("The organization's currency when the budget was made."))
    notes = models.TextField(blank=True)
    baseline_locked_at = models.DateTimeField(null=True, blank=True)
    baseline_locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["name", "id"]
        permissions = [("approve_budget", "Can lock a budget's baseline")]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"], condition=Q(production__isnull=True), name="budget_one_per_workspace"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "name"], name="budget_ws_name")]

    def __str__(self):
        return self.name

    @property
    def is_baselined(self) -> bool:
        return self.baseline_locked_at is not None


class LineState(models.TextChoices):
    """How far a line (or a budget) has used its planned amount, as the pages colour it."""

    OK = "ok", _("On track")
    AMBER = "amber", _("Over 80 %")
    RED = "red", _("Over budget")


class BudgetLine(Versioned):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=40, choices=BUDGET_CATEGORY_CHOICES)
    name = models.CharField(max_length=200, blank=True, help_text=_("Defaults to the category."))
    planned_amount = models.DecimalField(_("planned (working)"), max_digits=14, decimal_places=2, default=Decimal("0"))
    baseline_amount = models.DecimalField(
        "planned (baseline)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Set when the baseline is locked; empty for lines added since."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "budget__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "category"], name="budget_line_one_per_category"),
            models.CheckConstraint(condition=Q(planned_amount__gte=0), name="budget_line_planned_not_negative"),
        ]

    def __str__(self):
        return f"{self.budget} · {self.label}"

    @property
    def label(self) -> str:
        return self.name or self.category


class SpendingKind(models.TextChoices):
    COMMITTED = "committed", _("Committed")
    ACTUAL = "actual", _("Actual")


class SpendingSource(models.TextChoices):
    ADVANCE_ITEM = "advance_item", _("Advance line")
    PURCHASE_ORDER = "purchase_order", _("Purchase order")
    EXPENSE = "expense", _("Expense")
    INVOICE = "invoice", _("Invoice")


class SpendingEntry(models.Model):
    """One movement of money on a budget line: append-only, signed, in the budget's currency.

    A source (an advance line, a purchase order, an expense, an invoice) is brought to the
    amounts it should carry by writing the difference (`finance.services.spending.post`),
    so releasing a commitment is a negative entry and the history stays readable. Totals
    are always sums over these rows, computed by the database.
    """

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=10, choices=SpendingKind.choices)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=20, choices=SpendingSource.choices)
    source_id = models.PositiveBigIntegerField()
    memo = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "line__budget__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("spending entries")
        indexes = [
            # Variance sums amounts per line and kind: an index-only scan on PostgreSQL.
            models.Index(fields=["line", "kind"], include=["amount"], name="spending_line_kind"),
            models.Index(fields=["source", "source_id"], name="spending_source"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount} on {self.line_id} ({self.source} #{self.source_id})"
