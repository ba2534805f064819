from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import OrganizationQuerySet

if TYPE_CHECKING:
    from dragonfly.tenancy.models import Organization

# A line (or budget) turns amber at this share of its planned amount, red at the second.
ALERT_PERCENTAGES = (80, 100)
DEFAULT_SECOND_APPROVAL_THRESHOLD = Decimal("5000.00")


class OverBudgetPolicy(models.TextChoices):
    WARN = "warn", _("Warn the reviewer, then allow")
    BLOCK = "block", _("Refuse approvals that would go over")


class FinanceSettings(Versioned):
    """How an organization runs its money: approval thresholds, over-budget policy, PO numbers."""

    organization = models.OneToOneField(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="finance_settings"
    )
    second_approval_threshold = models.DecimalField(
        _("second approver above"),
        max_digits=14,
        decimal_places=2,
        default=DEFAULT_SECOND_APPROVAL_THRESHOLD,
        help_text=_("Purchase orders worth more than this (net, in the organization's currency) need two approvers."),
    )
    over_budget_policy = models.CharField(
        max_length=10, choices=OverBudgetPolicy.choices, default=OverBudgetPolicy.WARN
    )
    po_prefix = models.CharField(_("purchase order prefix"), max_length=12, default="PO-")
    next_po_number = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")

    def __str__(self):
        return f"Finance settings of {self.organization}"

    @classmethod
    def for_organization(cls, organization: Organization) -> FinanceSettings:
        """The organization's settings (the defaults, unsaved, until an admin changes them)."""
        found = cls.objects.filter(organization=organization).first()
        return found or cls(organization=organization)

    @property
    def blocks_over_budget(self) -> bool:
        return self.over_budget_policy == OverBudgetPolicy.BLOCK
