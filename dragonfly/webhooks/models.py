"""Outgoing webhook endpoints and their delivery log; incoming sources and what they received."""

import base64
import fnmatch
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import VisibleQuerySet

# The permission that runs an organization's webhooks (pages, API, admin), asked on the organization.
MANAGE_PERM = "webhooks.change_webhookendpoint"


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class OrganizationAdminQuerySet(VisibleQuerySet):
    """What the user sees: the rows of the organizations whose webhooks their org-wide role manages
    (MANAGE_PERM). `of_member` is wider, for the pages' and API's 403: another member of the
    organization is refused, another organization's rows are not found (404)."""

    def visible_q(self, access, perm):
        managed = [org for org, role in access.org_roles.items() if access.role_has(role, MANAGE_PERM, org)]
        return Q(organization_id__in=managed)

    def of_member(self, user):
        from dragonfly.tenancy.access import get_access

        access = get_access(user)
        if not access.authenticated:
            return self.none()
        if access.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=access.organization_ids)


class WebhookEndpoint(Versioned):
    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("organization"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    event_types = models.JSONField(_("event types"), default=list, help_text=_("Event names or patterns (advance.*)."))
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganizationAdminQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        indexes = [models.Index(fields=["organization", "active"])]

    def __str__(self):
        return self.description or self.url

    def wants(self, event_type: str) -> bool:
        return any(fnmatch.fnmatchcase(event_type, pattern) for pattern in self.event_types or [])


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Retrying")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


class WebhookDelivery(models.Model):
    """One message to one endpoint and its attempts: the row is also the intent to send it (a sweep
    sends what is due), so a broker outage delays a delivery and never loses it."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(_("message id"), max_length=64, db_index=True)
    event_type = models.CharField(_("event type"), max_length=100)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    response_excerpt = models.TextField(_("response body (excerpt)"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("replay of")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganizationAdminQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-id"]),
        ]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class IncomingSource(models.Model):
    """A sender that posts to /hooks/in/<slug>/, signing with its own secret."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    slug = models.SlugField(_("source"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    secret = models.CharField(_("signing secret"), max_length=100, default=new_secret)
    handler = models.CharField(_("handler"), max_length=60, default="generic")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganizationAdminQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("incoming webhook source")
        verbose_name_plural = _("incoming webhook sources")

    def __str__(self):
        return self.name


class IncomingStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class IncomingDelivery(models.Model):
    """What a source posted: accepted once per delivery id, or refused (with why)."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(IncomingSource, on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.CharField(_("delivery id"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=IncomingStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    event_type = models.CharField(_("event type"), max_length=100, blank=True)
    payload = models.JSONField(_("payload"), null=True, blank=True)
    result = models.CharField(_("handler result"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = OrganizationAdminQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("incoming webhook delivery")
        verbose_name_plural = _("incoming webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "delivery_id"],
                condition=Q(status="accepted"),
                name="webhooks_incoming_handled_once",
            )
        ]

    def __str__(self):
        return f"{self.source_id}:{self.delivery_id} ({self.status})"
