from __future__ import annotations

from typing import TYPE_CHECKING, Self

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


class CompanyKind(models.TextChoices):
    VENDOR = "vendor", _("Vendor")
    CLIENT = "client", _("Client")
    VENUE = "venue", _("Venue")
    AGENCY = "agency", _("Agency")


class CompanyQuerySet(TenantQuerySet):
    def active(self) -> Self:
        return self.filter(active=True)

    def vendors(self) -> Self:
        return self.filter(kind__in=[CompanyKind.VENDOR, CompanyKind.VENUE, CompanyKind.AGENCY])


class Company(Versioned):
    """A vendor, client, venue or agency the workspace does business with."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=CompanyKind.choices, default=CompanyKind.VENDOR)
    tax_id = models.CharField(_("tax id"), max_length=60, blank=True)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        "payment terms (days)", default=30, help_text=_("Invoices fall due this many days after issue.")
    )
    preferred_categories = models.JSONField(
        default=list, blank=True, help_text=_("Advancing catalog categories this company supplies.")
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("1 (poor) to 5 (excellent)."))
    notes = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["workspace", "kind", "name"], name="company_ws_kind_name")]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "name"], name="company_name_unique_in_workspace"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="company_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "pk")

    def supplies(self, category: str) -> bool:
        return category in (self.preferred_categories or [])


class Contact(Versioned):
    """A person at a company. A Merchant's login is linked to one company through its contact."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=120, blank=True, help_text=_("e.g. Account manager, Accounts payable"))
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="company_contact",
        help_text=_("The Merchant login of this contact: they see this company's purchase orders and invoices."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "company__workspace"

    objects = TenantQuerySet.as_manager()

    class Meta:
        app_label = "finance"
        ordering = ["name", "id"]

    def __str__(self):
        return f"{self.name} ({self.company})"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        return merchant_scope(user, role, "company_id")
