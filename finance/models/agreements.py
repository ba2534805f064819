"""Framework agreements with a vendor: rates per item for a period. A purchase order that cites one
takes its rates; once it has expired it can no longer be cited."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import TenantQuerySet

from ..merchants import merchant_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.roles import Role


class Agreement(Versioned):
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="agreements")
    vendor = models.ForeignKey("finance.Company", on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(max_length=200)
    reference = models.CharField(max_length=60, blank=True, help_text=_("The contract's own number."))
    currency = models.CharField(max_length=3)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    remind_days = models.PositiveSmallIntegerField(
        _("renewal reminder (days)"), default=30, help_text=_("Who manages it hears this many days before it ends.")
    )
    signed_document = models.ForeignKey(
        "files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["valid_to", "id"]
        verbose_name = _("agreement")
        indexes = [
            models.Index(fields=["workspace", "valid_to", "id"], name="agreement_ws_valid_to"),
            models.Index(fields=["valid_to", "id"], name="agreement_valid_to"),
            models.Index(fields=["vendor", "valid_to"], name="agreement_vendor"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="agreement_dates_in_order"),
        ]

    def __str__(self):
        return f"{self.title} ({self.vendor})" if self.vendor_id else self.title

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "vendor_id")

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day <= self.valid_to


class AgreementRate(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="rates")
    catalog_item = models.ForeignKey(
        "advancing.CatalogItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, blank=True)
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    workspace_path = "agreement__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="agreement_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.description}: {self.unit_price}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "agreement__vendor_id")

    def matches(self, catalog_item_id: int | None, description: str) -> bool:
        """Whether a purchase order line is this rate's item (by catalog item, else by its wording)."""
        if self.catalog_item_id and catalog_item_id:
            return self.catalog_item_id == catalog_item_id
        return self.description.strip().casefold() == (description or "").strip().casefold()
