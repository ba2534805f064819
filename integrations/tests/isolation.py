"""A payments connection and a card pay link for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): their pages show "Zebra Secret …" only to A's own people."""

from dragonfly.tenancy.roles import Role
from finance import services as finance
from integrations import services
from integrations.crypto import seal
from integrations.models import Connection, Kind, PayLink, PayLinkStatus, Provider


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
    return {"connection": connection, "pay_link": link, "invoice": invoice, "calendar_sync": make_calendar_sync(tenant)}


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
