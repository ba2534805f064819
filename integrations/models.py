"""Integrations: an organization's connection to an outside provider, one per kind (payments now;
email, sms, calendar, accounting, crm, analytics later), and what the payments adapter keeps:
the pay links it made and the provider events it handled (each once).

Credentials live only encrypted (`integrations/crypto.py`) in `secrets`; pages, the API and the
admin show whether they are set and their last four characters, never the value."""

import secrets as token_source

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.querysets import TenantQuerySet, VisibleQuerySet
from dragonfly.tenancy.roles import Role


class Kind(models.TextChoices):
    PAYMENTS = "payments", _("Payments")


class Provider(models.TextChoices):
    STRIPE = "stripe", _("Stripe")


class ConnectionQuerySet(VisibleQuerySet):
    """Connections are an organization admin's: an org-wide Phantom or Legend sees their organization's."""

    def visible_q(self, access, perm):
        return Q(organization_id__in=access.admin_organization_ids)

    def of_member(self, user):
        """Rows of any organization `user` belongs to: a non-admin's 403 instead of a 404."""
        from dragonfly.tenancy.access import get_access

        access = get_access(user)
        if not access.authenticated:
            return self.none()
        if access.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=access.organization_ids)


def new_webhook_token() -> str:
    return token_source.token_urlsafe(24)


class Connection(models.Model):
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="connections", verbose_name=_("organization")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    provider = models.CharField(max_length=20, choices=Provider.choices, verbose_name=_("provider"))
    enabled = models.BooleanField(default=False, verbose_name=_("enabled"))
    # A Fernet token of the credentials' JSON; never a plain-text column.
    secrets = models.TextField(blank=True, editable=False, verbose_name=_("credentials (encrypted)"))
    # The last four characters of the key, so an admin can tell which key is connected.
    key_hint = models.CharField(max_length=8, blank=True, verbose_name=_("key ends in"))
    # Unguessable part of this connection's webhook URL (the signature is what proves an event).
    webhook_token = models.CharField(max_length=64, unique=True, default=new_webhook_token, editable=False)
    # Provider events are recorded as this admin's doing (finance's services need an actor).
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last checked"))
    last_success_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last success"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        db_table = "integration_connection"
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["organization_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="integration_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_provider_display()}"

    @property
    def is_connected(self) -> bool:
        return self.enabled and bool(self.secrets)


class PayLinkStatus(models.TextChoices):
    PENDING = "pending", _("Being created")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    PAID = "paid", _("Paid")
    REFUNDED = "refunded", _("Refunded")


class PayLinkQuerySet(TenantQuerySet):
    """A pay link is seen by whoever may see invoices in its invoice's workspace."""

    def visible_q(self, access, perm):
        return super().visible_q(access, perm or "finance.view_invoice")


class PayLink(models.Model):
    """A "Pay by card" link of a receivable invoice (or of the marketplace order it bills): the
    provider's checkout session, made with the connection of the invoice's organization."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="pay_links")
    invoice = models.ForeignKey("finance.Invoice", on_delete=models.CASCADE, related_name="pay_links")
    # A marketplace order paid by card: the link pays its invoice (in the seller's finance).
    order = models.ForeignKey(
        "marketplace.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="pay_links"
    )
    status = models.CharField(max_length=10, choices=PayLinkStatus.choices, default=PayLinkStatus.PENDING)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    provider_id = models.CharField(max_length=255, blank=True, db_index=True)
    url = models.URLField(max_length=2000, blank=True)
    payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    payment = models.ForeignKey("finance.Payment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PayLinkQuerySet.as_manager()
    workspace_path = "invoice__workspace"

    class Meta:
        db_table = "integration_pay_link"
        verbose_name = _("pay link")
        verbose_name_plural = _("pay links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.invoice} · {self.get_status_display()}"


class ProviderEvent(models.Model):
    """A provider's webhook event, stored by its id so a replay is handled once."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    result = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "integration_provider_event"
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


# Single sign-on (OpenID Connect) — integrations/sso ------------------------------------------


class SSOConfig(models.Model):
    """An organization's OpenID Connect provider (Okta, Auth0, Azure AD, Google Workspace, Keycloak…):
    people whose email is in one of its domains sign in there, and join at `default_role`."""

    organization = models.OneToOneField(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="sso_config", verbose_name=_("organization")
    )
    issuer = models.URLField(max_length=500, verbose_name=_("issuer URL"))
    client_id = models.CharField(max_length=255, verbose_name=_("client ID"))
    # A Fernet token of {"client_secret": …}; never a plain-text column.
    secrets = models.TextField(blank=True, editable=False, verbose_name=_("credentials (encrypted)"))
    key_hint = models.CharField(max_length=8, blank=True, verbose_name=_("secret ends in"))
    default_role = models.PositiveSmallIntegerField(
        choices=Role.choices, default=Role.RAIDER, verbose_name=_("role of new members")
    )
    enforce_sso = models.BooleanField(default=False, verbose_name=_("enforce SSO for these domains"))
    require_admin_two_factor = models.BooleanField(
        default=False, verbose_name=_("require two-factor authentication for organization admins")
    )
    configured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last checked"))
    last_success_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last success"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConnectionQuerySet.as_manager()  # an organization admin's, as connections are

    class Meta:
        db_table = "integration_sso_config"
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")
        ordering = ["organization_id"]

    def __str__(self) -> str:
        return f"SSO · {self.issuer}"


class SSODomain(models.Model):
    """An email domain an SSO config serves; one organization per domain, so an address picks one."""

    config = models.ForeignKey(SSOConfig, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True, verbose_name=_("email domain"))

    class Meta:
        db_table = "integration_sso_domain"
        verbose_name = _("SSO domain")
        verbose_name_plural = _("SSO domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
