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
        "pay_link": link,
        "invoice": invoice,
        "crm_connection": crm,
        "analytics_connection": analytics,
    }
