"""An org admin connects Stripe, tests the connection, a client's invoice gets a card pay link, and
Stripe's signed webhook records the payment through finance; against a local Stripe stub."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from finance import services as finance
from finance.models import InvoiceStatus, Payment
from integrations.models import Connection, PayLink, PayLinkStatus, ProviderEvent

from .stripe_stub import GOOD_KEY, WEBHOOK_SECRET, event, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def connect(committed):
    def post(client, key=GOOD_KEY, secret=WEBHOOK_SECRET):
        body = {"secret_key": key, "webhook_secret": secret}
        return committed(client.post, reverse("integrations:connections"), body)

    return post


def client_invoice(tenant, total="250.00"):
    gladiator = tenant.user(Role.GLADIATOR)
    company = finance.create_company(actor=gladiator, workspace=tenant.workspace, name="Festival Ltd", kind="client")
    invoice = finance.create_invoice(
        actor=gladiator,
        workspace=tenant.workspace,
        company=company,
        direction="receivable",
        lines=[{"description": "Production fee", "unit_price": total}],
    )
    return finance.send_invoice(invoice, actor=gladiator)


def test_an_admin_connects_stripe_and_the_key_is_stored_encrypted(tenant_a, login, stripe_api, connect):
    client = login(tenant_a.user(Role.PHANTOM))
    page = client.get(reverse("integrations:connections"))
    assert page.status_code == 200 and "not connected" in page.content.decode()

    assert connect(client).status_code == 302
    connection = Connection.objects.get(organization=tenant_a.org)
    assert connection.is_connected and connection.key_hint == "4242"
    assert GOOD_KEY not in connection.secrets and WEBHOOK_SECRET not in connection.secrets
    # The check ran in Celery (in-process here) against Stripe's API.
    assert ("GET", "/v1/balance", {}) in stripe_api.requests
    assert connection.last_success_at is not None and connection.last_error == ""

    body = client.get(reverse("integrations:connections")).content.decode()
    assert "connected" in body and GOOD_KEY not in body and WEBHOOK_SECRET not in body
    assert reverse("integrations:stripe_webhook", args=[connection.webhook_token]) in body
    assert ActivityEntry.objects.filter(verb="integration.connected").count() == 1


def test_a_refused_key_shows_stripes_message(tenant_a, login, stripe_api, connect):
    client = login(tenant_a.user(Role.PHANTOM))
    connect(client, key="sk_test_wrong")
    connection = Connection.objects.get()
    assert connection.last_success_at is None
    assert "Stripe refused the key" in connection.last_error and "Invalid API Key" in connection.last_error
    assert "Stripe refused the key" in client.get(reverse("integrations:connections")).content.decode()


def test_bad_input_is_refused_and_changes_nothing(tenant_a, login, connect):
    client = login(tenant_a.user(Role.PHANTOM))
    response = connect(client, key="pk_test_publishable")
    assert response.status_code == 400 and "does not look like" in response.content.decode()
    assert connect(client, secret="").status_code == 400
    assert not Connection.objects.exists()


def test_only_the_org_admin_manages_integrations(tenant_a, tenant_b, login, stripe_api, connect):
    connect(login(tenant_a.user(Role.PHANTOM)))
    connection = Connection.objects.get()
    client = login(tenant_a.user(Role.GLADIATOR))
    assert client.get(reverse("integrations:connections")).status_code == 403
    assert client.post(reverse("integrations:disconnect", args=[connection.pk])).status_code == 403
    other = login(tenant_b.user(Role.PHANTOM))
    assert other.post(reverse("integrations:disconnect", args=[connection.pk])).status_code == 404
    assert other.post(reverse("integrations:check", args=[connection.pk])).status_code == 404
    assert other.get(reverse("integration-connection-list")).json()["results"] == []
    assert other.get(reverse("integration-connection-detail", args=[connection.pk])).status_code == 404
    assert Connection.objects.get().is_connected


def test_the_api_shows_status_never_secrets(tenant_a, login, stripe_api, connect, committed):
    client = login(tenant_a.user(Role.PHANTOM))
    connect(client)
    rows = client.get(reverse("integration-connection-list")).json()["results"]
    assert [(r["kind"], r["provider"], r["connected"], r["key_hint"]) for r in rows] == [
        ("payments", "stripe", True, "4242")
    ]
    assert "secrets" not in rows[0] and GOOD_KEY not in json.dumps(rows)
    checked = committed(client.post, reverse("integration-connection-check", args=[rows[0]["id"]]))
    assert checked.status_code == 202 and checked.json()["last_error"] == ""
    assert login(tenant_a.user(Role.GLADIATOR)).get(reverse("integration-connection-list")).status_code == 403


def test_disconnecting_forgets_the_keys(tenant_a, login, stripe_api, connect):
    client = login(tenant_a.user(Role.PHANTOM))
    connect(client)
    connection = Connection.objects.get()
    assert client.post(reverse("integrations:disconnect", args=[connection.pk])).status_code == 302
    connection.refresh_from_db()
    assert not connection.is_connected and connection.secrets == ""


@pytest.fixture
def pay_link_for(committed, login):
    def ask(tenant, invoice):
        client = login(tenant.user(Role.GLADIATOR))
        assert committed(client.post, reverse("integrations:pay_link", args=[invoice.pk])).status_code == 302
        return PayLink.objects.get(invoice=invoice)

    return ask


def test_a_client_pays_an_invoice_by_card_and_finance_records_it_once(
    tenant_a, login, stripe_api, connect, pay_link_for
):
    connect(login(tenant_a.user(Role.PHANTOM)))
    invoice = client_invoice(tenant_a)
    link = pay_link_for(tenant_a, invoice)
    assert (link.status, link.provider_id, link.amount) == (PayLinkStatus.READY, "cs_test_1", Decimal("250.00"))
    sent = stripe_api.requests[-1][2]
    assert sent["line_items[0][price_data][unit_amount]"] == "25000" and sent["metadata[pay_link]"] == str(link.pk)
    page = login(tenant_a.user(Role.GLADIATOR)).get(reverse("finance:invoice", args=[invoice.pk]))
    assert "https://checkout.stripe.com/c/pay/cs_test_1" in page.content.decode()

    token = Connection.objects.get().webhook_token
    url = reverse("integrations:stripe_webhook", args=[token])
    payload = event(
        "evt_1",
        "checkout.session.completed",
        {
            "id": "cs_test_1",
            "object": "checkout.session",
            "payment_intent": "pi_1",
            "payment_status": "paid",
            "amount_total": 25000,
            "currency": "eur",
            "metadata": {"pay_link": str(link.pk)},
        },
    )
    from django.test import Client

    stripe = Client()
    assert (
        stripe.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload)).status_code
        == 200
    )
    # Replayed: acknowledged, handled once.
    assert (
        stripe.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload)).status_code
        == 200
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    payment = Payment.objects.get(invoice=invoice)
    assert (payment.method, payment.reference, payment.amount) == ("card", "pi_1", Decimal("250.00"))
    assert ProviderEvent.objects.count() == 1

    # payment_intent.succeeded for the same payment records nothing more.
    intent = event(
        "evt_2",
        "payment_intent.succeeded",
        {
            "id": "pi_1",
            "object": "payment_intent",
            "amount_received": 25000,
            "currency": "eur",
            "metadata": {"pay_link": str(link.pk)},
        },
    )
    assert (
        stripe.post(url, intent, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(intent)).status_code
        == 200
    )
    assert Payment.objects.filter(invoice=invoice).count() == 1

    # A refund (all of it: a charge without amount_refunded) is reversed in finance (test_refunds.py).
    refund = event("evt_3", "charge.refunded", {"id": "ch_1", "object": "charge", "payment_intent": "pi_1"})
    assert (
        stripe.post(url, refund, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(refund)).status_code
        == 200
    )
    link.refresh_from_db()
    assert link.status == PayLinkStatus.REFUNDED
    assert ActivityEntry.objects.filter(verb="invoice.card_refunded", object_id=str(invoice.pk)).exists()
    told = Notification.objects.filter(recipient=tenant_a.user(Role.GLADIATOR), dedupe_key__contains="refunded")
    assert told.count() == 0 and Notification.objects.filter(dedupe_key__contains=":refund:").count() >= 1
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (InvoiceStatus.SENT, Decimal("0"))

    # Unknown types are acknowledged and ignored.
    other = event("evt_4", "customer.created", {"id": "cus_1", "object": "customer"})
    assert (
        stripe.post(url, other, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(other)).status_code == 200
    )
    assert ProviderEvent.objects.get(event_id="evt_4").result == "ignored"


def test_a_wrongly_signed_event_is_refused_and_changes_nothing(
    tenant_a, login, client, stripe_api, connect, pay_link_for
):
    connect(login(tenant_a.user(Role.PHANTOM)))
    invoice = client_invoice(tenant_a)
    link = pay_link_for(tenant_a, invoice)
    client.logout()
    url = reverse("integrations:stripe_webhook", args=[Connection.objects.get().webhook_token])
    payload = event(
        "evt_9",
        "checkout.session.completed",
        {
            "id": link.provider_id,
            "payment_intent": "pi_9",
            "payment_status": "paid",
            "amount_total": 25000,
            "currency": "eur",
        },
    )
    for header in (signed(payload, secret="whsec_someone_else"), signed(payload, timestamp=1), ""):
        response = client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
        assert response.status_code == 400
    assert (
        client.post(
            reverse("integrations:stripe_webhook", args=["nope"]), payload, content_type="application/json"
        ).status_code
        == 404
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.SENT and not Payment.objects.exists() and not ProviderEvent.objects.exists()


def test_no_pay_link_without_a_connection_or_for_another_org(tenant_a, tenant_b, login, stripe_api, connect):
    invoice = client_invoice(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    client.post(reverse("integrations:pay_link", args=[invoice.pk]))
    assert not PayLink.objects.exists()
    page = client.get(reverse("finance:invoice", args=[invoice.pk])).content.decode()
    assert "Pay by card" not in page  # off until configured
    connect(login(tenant_a.user(Role.PHANTOM)))
    assert (
        login(tenant_b.user(Role.GLADIATOR)).post(reverse("integrations:pay_link", args=[invoice.pk])).status_code
        == 404
    )
    assert login(tenant_a.user(Role.PASSENGER)).post(
        reverse("integrations:pay_link", args=[invoice.pk])
    ).status_code in (403, 404)
    assert not PayLink.objects.exists()


def test_a_payment_finance_refuses_is_acknowledged_and_kept(tenant_a, login, client, stripe_api, connect, pay_link_for):
    connect(login(tenant_a.user(Role.PHANTOM)))
    invoice = client_invoice(tenant_a)
    link = pay_link_for(tenant_a, invoice)
    finance.void_invoice(invoice, actor=tenant_a.user(Role.GLADIATOR), note="Sent to the wrong client")
    client.logout()
    url = reverse("integrations:stripe_webhook", args=[Connection.objects.get().webhook_token])
    payload = event(
        "evt_v",
        "checkout.session.completed",
        {"id": link.provider_id, "payment_intent": "pi_v", "payment_status": "paid", "amount_total": 25000},
    )
    response = client.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
    assert response.status_code == 200  # Stripe sending it again would change nothing
    assert not Payment.objects.exists()
    assert ProviderEvent.objects.get(event_id="evt_v").result.startswith("refused:")
