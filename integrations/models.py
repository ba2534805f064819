"""Integrations: an organization's connection to an outside provider, one per kind (payments now;
email, sms, calendar, accounting, crm, analytics later), and what the payments adapter keeps:
the pay links it made and the provider events it handled (each once).

Credentials live only encrypted (`integrations/crypto.py`) in `secrets`; pages, the API and the
admin show whether they are set and their last four characters, never the value."""

import secrets as token_source

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.querysets import TenantQuerySet, VisibleQuerySet


class Kind(models.TextChoices):
    PAYMENTS = "payments", _("Payments")
    CRM = "crm", _("CRM")
    ANALYTICS = "analytics", _("Analytics")


class Provider(models.TextChoices):
    STRIPE = "stripe", _("Stripe")
    HUBSPOT = "hubspot", _("HubSpot")
    POSTHOG = "posthog", _("PostHog")
    MIXPANEL = "mixpanel", _("Mixpanel")


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


# CRM and analytics (issue 20): what the CRM push and pull remember, and the analytics buffer.


class CrmState(models.Model):
    """A CRM connection's sync: where pulled deals become draft productions, and how far it got."""

    connection = models.OneToOneField(Connection, on_delete=models.CASCADE, related_name="crm_state")
    # Where new deals land; none: deals are not pulled.
    deals_workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Deals created after this instant are new (the pull's cursor; set when deals are first pulled).
    deals_since = models.DateTimeField(null=True, blank=True)
    last_push_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last push"))
    last_pull_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last pull"))
    last_sync_error = models.TextField(blank=True, verbose_name=_("last sync error"))

    class Meta:
        db_table = "integration_crm_state"
        verbose_name = _("CRM sync")
        verbose_name_plural = _("CRM syncs")

    def __str__(self) -> str:
        return str(self.connection)


class CrmObject(models.TextChoices):
    COMPANY = "company", _("Company")
    CONTACT = "contact", _("Contact")
    DEAL = "deal", _("Deal")


class CrmRecord(models.Model):
    """One of our objects and its CRM twin: a company or contact pushed (its remote id, and a digest
    of what was sent, so only a change is pushed again), or a deal pulled as production `object_id`."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="crm_records")
    object_type = models.CharField(max_length=10, choices=CrmObject.choices)
    object_id = models.PositiveBigIntegerField()
    remote_id = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, blank=True)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "integration_crm_record"
        verbose_name = _("CRM record")
        verbose_name_plural = _("CRM records")
        ordering = ["connection_id", "object_type", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "object_type", "object_id"], name="crm_record_once"),
            models.UniqueConstraint(fields=["connection", "object_type", "remote_id"], name="crm_remote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} → {self.remote_id}"


class AnalyticsEvent(models.Model):
    """A product event waiting for the Celery flush to its connection's provider (then deleted):
    a request only writes this row. `distinct_id` is a keyed hash; `properties` hold ids and
    statuses, never names, emails or free text (integrations/analytics/events.py)."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="analytics_events")
    name = models.CharField(max_length=60)
    distinct_id = models.CharField(max_length=64)
    properties = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "integration_analytics_event"
        verbose_name = _("analytics event")
        verbose_name_plural = _("analytics events")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
