"""A payments connection and a card pay link for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): their pages show "Zebra Secret …" only to A's own people."""

from dragonfly.tenancy.roles import Role
from finance import services as finance
from integrations import services
from integrations.crypto import seal
from integrations.models import (
    AnalyticsEvent,
    Connection,
    CrmRecord,
    CrmState,
    Kind,
    PayLink,
    PayLinkStatus,
    Provider,
    SmsMessage,
    SmsOptIn,
    SmsStatus,
)


def make_secret_objects(tenant):
    admin, gladiator = tenant.user(Role.PHANTOM), tenant.user(Role.GLADIATOR)
    connection = services.prepare(tenant.org, actor=admin, kind=Kind.PAYMENTS, provider=Provider.STRIPE)
    # Stored as a connected one would be, without calling a provider (the walk has none).
    Connection.objects.filter(pk=connection.pk).update(
        enabled=True,
        secrets=seal({"secret_key": "sk_test_zebra", "webhook_secret": "whsec_zebra"}),
        last_error="Zebra Secret error",
    )
    client = finance.create_company(
        actor=gladiator, workspace=tenant.workspace, name="Zebra Secret Client", kind="client"
    )
    invoice = finance.create_invoice(
        actor=gladiator,
        workspace=tenant.workspace,
        company=client,
        direction="receivable",
        lines=[{"description": "Zebra Secret fee", "unit_price": "10"}],
    )
    invoice = finance.send_invoice(invoice, actor=gladiator)
    link = PayLink.objects.create(
        connection=connection,
        invoice=invoice,
        amount=invoice.total,
        currency=invoice.currency,
        status=PayLinkStatus.READY,
        provider_id="cs_zebra",
        url="https://checkout.stripe.com/c/pay/zebra-secret",
    )
    # An SMS connection with its delivery log, and a member's opt-in (shown only on their own page).
    sms = services.prepare(tenant.org, actor=admin, kind=Kind.SMS, provider=Provider.TWILIO)
    Connection.objects.filter(pk=sms.pk).update(
        enabled=True,
        secrets=seal({"account_sid": "AC" + "0" * 32, "auth_token": "f" * 32, "sender": "+15005550006"}),
        last_error="Zebra Secret SMS error",
    )
    SmsOptIn.objects.create(user=gladiator, phone="+15005559999")
    message = SmsMessage.objects.create(
        organization=tenant.org,
        user=gladiator,
        to="+15005559999",
        body="Zebra Secret SMS",
        status=SmsStatus.DELIVERED,
        error="Zebra Secret SMS failure",
    )
    # A CRM and an analytics connection (their card routes take these ids), and what they keep.
    crm = services.prepare(tenant.org, actor=admin, kind=Kind.CRM, provider=Provider.HUBSPOT)
    Connection.objects.filter(pk=crm.pk).update(
        enabled=True, secrets=seal({"access_token": "pat-na1-zebra"}), last_error="Zebra Secret crm error"
    )
    CrmState.objects.create(connection=crm, deals_workspace=tenant.workspace, last_sync_error="Zebra Secret sync")
    CrmRecord.objects.create(connection=crm, object_type="company", object_id=client.pk, remote_id="9001")
    analytics = services.prepare(tenant.org, actor=admin, kind=Kind.ANALYTICS, provider=Provider.POSTHOG)
    Connection.objects.filter(pk=analytics.pk).update(
        enabled=True, secrets=seal({"api_key": "phc_zebra", "host": "https://eu.i.posthog.com"})
    )
    AnalyticsEvent.objects.create(connection=analytics, name="page opened", distinct_id="0" * 64)
    return {
        "connection": connection,
        "crm_connection": crm,
        "analytics_connection": analytics,
        "pay_link": link,
        "invoice": invoice,
        "sms_connection": sms,
        "sms": message,
        "calendar_sync": make_calendar_sync(tenant),
        **make_sso_objects(tenant),
        **_accounting(tenant, admin, invoice),
    }


def make_calendar_sync(tenant):
    """A's raider's calendar sync (the walk calls no calendar: stored as a connected one would be)."""
    from integrations.models import CalendarSync

    return CalendarSync.objects.create(
        user=tenant.user(Role.RAIDER),
        organization=tenant.org,
        calendar_url="https://calendar.example.com/zebra-secret/",
        username="zebra",
        secrets=seal({"password": "zebra"}),
        enabled=True,
        last_error="Zebra Secret calendar error",
    )


def _accounting(tenant, admin, invoice):
    """An account mapping and a Xero connection whose push of the invoice was refused."""
    from integrations.models import AccountingSync, AccountMapping

    mapping = AccountMapping.objects.create(organization=tenant.org, category="sales", account_code="Zebra Secret 1")
    xero = Connection.objects.create(
        organization=tenant.org,
        kind=Kind.ACCOUNTING,
        provider=Provider.XERO,
        enabled=True,
        secrets=seal({"access_token": "zebra", "tenant_id": "zebra-4242", "expires_at": 0}),
        key_hint="4242",
        connected_by=admin,
    )
    sync = AccountingSync.objects.create(
        connection=xero, tenant="zebra-4242", invoice=invoice, error="Zebra Secret refusal"
    )
    return {"account_mapping": mapping, "accounting_connection": xero, "accounting_sync": sync}


def make_sso_objects(tenant):
    """An SSO configuration of A's (no provider is called: stored as configured)."""
    from integrations.models import SSOConfig, SSODomain

    config = SSOConfig.objects.create(
        organization=tenant.org,
        issuer="https://zebra-secret.example",
        client_id="zebra-secret-client",
        secrets=seal({"client_secret": "zebra"}),
        last_error="Zebra Secret sso error",
    )
    SSODomain.objects.create(config=config, domain="zebra-secret.test")
    return {"sso_config": config}
