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
    return {"connection": connection, "pay_link": link, "invoice": invoice, **make_sso_objects(tenant)}


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
