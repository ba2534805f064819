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
from dragonfly.tenancy.roles import Role


class Kind(models.TextChoices):
    PAYMENTS = "payments", _("Payments")
    SMS = "sms", _("SMS")
    ACCOUNTING = "accounting", _("Accounting")
    CRM = "crm", _("CRM")
    ANALYTICS = "analytics", _("Analytics")


class Provider(models.TextChoices):
    STRIPE = "stripe", _("Stripe")
    TWILIO = "twilio", _("Twilio")
    XERO = "xero", _("Xero")
    HUBSPOT = "hubspot", _("HubSpot")
    POSTHOG = "posthog", _("PostHog")
    MIXPANEL = "mixpanel", _("Mixpanel")
    QUICKBOOKS = "quickbooks", _("QuickBooks")


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


class ProviderStatus(models.Model):
    """What every link to a provider shows its admin: when it was last tested, the last success, and
    the provider's last refusal in its own words (integrations.services.finish_check and the like)."""

    last_checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last checked"))
    last_success_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last success"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def new_webhook_token() -> str:
    return token_source.token_urlsafe(24)


class Connection(ProviderStatus):
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


# SMS (integrations/sms): who takes urgent notifications by text, who said STOP, what was sent.


class SmsOptIn(models.Model):
    """A person's own choice to get urgent notifications by SMS, on this mobile number (E.164)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sms_opt_in", verbose_name=_("user")
    )
    phone = models.CharField(max_length=16, db_index=True, verbose_name=_("mobile number"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "integration_sms_opt_in"
        verbose_name = _("SMS opt-in")
        verbose_name_plural = _("SMS opt-ins")

    def __str__(self) -> str:
        return f"{self.user} · {self.phone}"


class SmsOptOutReason(models.TextChoices):
    STOP = "stop", _("Replied STOP")
    UNSUBSCRIBED = "unsubscribed", _("Twilio reports the number unsubscribed")


class SmsOptOut(models.Model):
    """A number that told one organization's sender to stop (STOP, or Twilio's error 21610): nothing
    is sent to it from that organization until it answers START. Per organization, as the carrier's
    block is per sender."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    phone = models.CharField(max_length=16, verbose_name=_("mobile number"))
    reason = models.CharField(max_length=20, choices=SmsOptOutReason.choices, verbose_name=_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "integration_sms_opt_out"
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["organization", "phone"], name="integration_sms_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.phone} ({self.get_reason_display()})"


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Undelivered")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class SmsMessageQuerySet(VisibleQuerySet):
    """The delivery log is the organization admin's, like the connection."""


# Accounting: an organization's chart-of-accounts mapping, read by the Xero and QuickBooks exports.


class AccountMappingQuerySet(VisibleQuerySet):
    """The mapping is the organization admin's to read and edit (like its finance settings)."""

    def visible_q(self, access, perm):
        return Q(organization_id__in=access.admin_organization_ids)


class SmsMessage(models.Model):
    """One SMS of an urgent notification: queued after the notification commits, sent in Celery,
    its status then told by Twilio's callbacks."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recipient")
    )
    notification = models.OneToOneField(
        "notifications.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to = models.CharField(max_length=16, verbose_name=_("to"))
    body = models.TextField(verbose_name=_("text"))
    provider_sid = models.CharField(max_length=64, blank=True, db_index=True, verbose_name=_("provider id"))
    status = models.CharField(
        max_length=12, choices=SmsStatus.choices, default=SmsStatus.QUEUED, verbose_name=_("status")
    )
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("queued at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = SmsMessageQuerySet.as_manager()

    class Meta:
        db_table = "integration_sms_message"
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at", "-id"], name="integration_sms_log")]

    def __str__(self) -> str:
        return f"{self.to} · {self.get_status_display()}"


# --- calendar sync (CalDAV) --------------------------------------------------------------------
class CalendarSyncQuerySet(models.QuerySet):
    def of_member(self, user):
        """The user's own syncs, and those of their organizations' people (a 403, not a 404, there)."""
        from dragonfly.tenancy.access import get_access

        access = get_access(user)
        if not access.authenticated:
            return self.none()
        return self.filter(Q(user=user) | Q(organization_id__in=access.organization_ids))


class CalendarSync(ProviderStatus):
    """One user's two-way sync of their crew calls and events with their own CalDAV calendar
    (iCloud, Nextcloud, Fastmail, Google, Outlook, Radicale). Per user, unlike `Connection`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_sync", verbose_name=_("user")
    )
    # Empty: the user's events of every organization; else only that organization's.
    organization = models.ForeignKey(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    calendar_url = models.URLField(max_length=500, verbose_name=_("calendar address"))
    username = models.CharField(max_length=255, verbose_name=_("user name"))
    # A Fernet token of {"password": …} (integrations/crypto.py); emptied on disconnect.
    secrets = models.TextField(blank=True, editable=False, verbose_name=_("password (encrypted)"))
    enabled = models.BooleanField(default=False, verbose_name=_("enabled"))
    last_sync_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last sync"))

    objects = CalendarSyncQuerySet.as_manager()

    class Meta:
        db_table = "integration_calendar_sync"
        verbose_name = _("calendar sync")
        verbose_name_plural = _("calendar syncs")
        ordering = ["user_id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.calendar_url}"

    @property
    def is_connected(self) -> bool:
        return self.enabled and bool(self.secrets)


class CalendarItem(models.Model):
    """One of our objects as a remote VEVENT: where it is (href), its ETag and LAST-MODIFIED as last
    seen, and the values we last pushed, so a sync tells which side changed. The object's link is
    emptied when it is deleted; the row stays until the remote copy is deleted too."""

    class Type(models.TextChoices):
        EVENT = "event", _("Event")
        CREW_CALL = "crewcall", _("Crew call")

    sync = models.ForeignKey(CalendarSync, on_delete=models.CASCADE, related_name="items")
    type = models.CharField(max_length=10, choices=Type.choices)
    event = models.ForeignKey("events.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    crew_call = models.ForeignKey("events.CrewCall", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uid = models.CharField(max_length=255)
    href = models.CharField(max_length=1000)
    etag = models.CharField(max_length=255, blank=True)
    remote_modified = models.DateTimeField(null=True, blank=True)
    local_modified = models.DateTimeField(null=True, blank=True)
    pushed = models.JSONField(default=dict)
    synced_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "integration_calendar_item"
        verbose_name = _("synced calendar entry")
        verbose_name_plural = _("synced calendar entries")
        ordering = ["sync_id", "id"]
        constraints = [models.UniqueConstraint(fields=["sync", "uid"], name="integration_calendar_item_uid")]

    def __str__(self) -> str:
        return self.uid


class AccountMapping(models.Model):
    """Which account (and tax type) of the organization's ledger one of our categories books to: an
    expense or budget category, or "sales" / "purchases" (integrations.accounting.mapping)."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="account_mappings")
    category = models.CharField(max_length=40, verbose_name=_("category"))
    account_code = models.CharField(max_length=30, verbose_name=_("account code"))
    tax_type = models.CharField(max_length=60, blank=True, verbose_name=_("tax type"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountMappingQuerySet.as_manager()

    class Meta:
        db_table = "integration_account_mapping"
        verbose_name = _("account mapping")
        verbose_name_plural = _("account mappings")
        ordering = ["organization_id", "category"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "category"], name="integration_one_account_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.account_code}"


class AccountingSync(models.Model):
    """One document pushed (or tried) to one ledger (`tenant`: Xero's organisation, QuickBooks'
    company) of an accounting connection: unique per (connection, tenant, document), so pushing again
    never creates it twice, and connecting another organisation or company later pushes there afresh.
    `remote_id` set means done; `error` is the ledger's refusal of the last try (the next push tries it again)."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="accounting_syncs")
    invoice = models.ForeignKey(
        "finance.Invoice", null=True, blank=True, on_delete=models.CASCADE, related_name="accounting_syncs"
    )
    expense = models.ForeignKey(
        "finance.Expense", null=True, blank=True, on_delete=models.CASCADE, related_name="accounting_syncs"
    )
    purchase_order = models.ForeignKey(
        "finance.PurchaseOrder", null=True, blank=True, on_delete=models.CASCADE, related_name="accounting_syncs"
    )
    tenant = models.CharField(max_length=64, verbose_name=_("ledger"))
    remote_id = models.CharField(max_length=64, blank=True, verbose_name=_("remote id"))
    pushed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("pushed"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    attempts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "integration_accounting_sync"
        verbose_name = _("accounting sync")
        verbose_name_plural = _("accounting syncs")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "tenant", "invoice"],
                condition=Q(invoice__isnull=False),
                name="accounting_sync_invoice_once",
            ),
            models.UniqueConstraint(
                fields=["connection", "tenant", "expense"],
                condition=Q(expense__isnull=False),
                name="accounting_sync_expense_once",
            ),
            models.UniqueConstraint(
                fields=["connection", "tenant", "purchase_order"],
                condition=Q(purchase_order__isnull=False),
                name="accounting_sync_po_once",
            ),
            models.CheckConstraint(
                condition=Q(invoice__isnull=False, expense__isnull=True, purchase_order__isnull=True)
                | Q(invoice__isnull=True, expense__isnull=False, purchase_order__isnull=True)
                | Q(invoice__isnull=True, expense__isnull=True, purchase_order__isnull=False),
                name="accounting_sync_one_document",
            ),
        ]

    def __str__(self) -> str:
        document = self.invoice_id or self.expense_id or self.purchase_order_id or ""
        return f"{document} → {self.remote_id or self.error[:40]}"


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


# Single sign-on (OpenID Connect) — integrations/sso ------------------------------------------


class SSOConfig(ProviderStatus):
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
