"""Preferred vendors: who gets the approved advance lines to buy or hire, per catalog category,
optionally narrowed to one venue or a region (a city or country of the production's venue).
The routing itself lives in finance/services/routing.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from advancing.models import CATEGORY_CHOICES
from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import TenantQuerySet

from ..merchants import merchant_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.roles import Role


class PreferredVendor(Versioned):
    """`vendor` is the first choice for `category`: everywhere, or at one venue, or in one region.
    The most specific rule that matches an advance wins (venue, then region, then the category
    alone); between equally specific rules the lower priority number wins."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    # The vendor's workspace: an order (and so its vendor) belongs to one workspace.
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="preferred_vendors")
    vendor = models.ForeignKey("finance.Company", on_delete=models.CASCADE, related_name="preferences")
    category = models.CharField(_("category"), max_length=40, choices=CATEGORY_CHOICES)
    venue = models.ForeignKey(
        "locations.Location",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("venue"),
        help_text=_("Only for advances of productions at this venue."),
    )
    region = models.CharField(
        _("region"),
        max_length=120,
        blank=True,
        help_text=_("Only for productions whose venue is in this city or country."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=1, help_text=_("1 is the first choice among equally specific rules.")
    )
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["category", "priority", "id"]
        verbose_name = _("preferred vendor")
        verbose_name_plural = _("preferred vendors")
        indexes = [
            models.Index(fields=["workspace", "category", "priority", "id"], name="prefvendor_ws_category"),
            models.Index(fields=["category", "priority", "id"], name="prefvendor_category"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(venue__isnull=True) | Q(region=""), name="prefvendor_venue_or_region"),
            models.CheckConstraint(condition=Q(priority__gte=1), name="prefvendor_priority_positive"),
        ]

    def __str__(self):
        return f"{self.vendor} for {self.category}"

    def clean(self) -> None:
        """The admin's form: the vendor and the venue belong to the rule's workspace; a venue or a region."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.vendor_id and self.workspace_id and self.vendor.workspace_id != self.workspace_id:
            errors["vendor"] = _("Pick a vendor of this workspace.")
        if self.venue is not None and self.workspace_id and self.venue.workspace_id != self.workspace_id:
            errors["venue"] = _("Pick a venue of this workspace.")
        if self.venue_id and self.region:
            errors["region"] = _("Narrow the rule to a venue or to a region, not both.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "vendor_id")

    @property
    def specificity(self) -> int:
        """2 for a venue, 1 for a region, 0 for the category alone."""
        return 2 if self.venue_id else 1 if self.region else 0

    @property
    def scope_label(self) -> str:
        if self.venue_id:
            return str(self.venue)
        return self.region or str(_("Everywhere"))
