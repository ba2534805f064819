"""A buyer pays a confirmed marketplace order by card through the seller's Stripe connection; the
signed event records the payment on the order's invoice in the seller's finance."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from finance.models import Invoice, InvoiceStatus, Payment
from integrations.models import Connection, PayLink, PayLinkStatus
from marketplace import services as market
from marketplace.tests.helpers import make_listing, place

from .stripe_stub import GOOD_KEY, WEBHOOK_SECRET, event, signed

pytestmark = pytest.mark.django_db


def confirmed_order(seller, buyer):
    order = place(make_listing(seller, price="120.00"), buyer, quantity=2)
    return market.confirm_order(order, actor=seller.user(Role.GLADIATOR))


def test_a_buyer_pays_an_order_by_card(tenant_a, tenant_b, login, committed, stripe_api):
    order = confirmed_order(tenant_a, tenant_b)
    buyer = login(tenant_b.user(Role.GLADIATOR))
    page = reverse("marketplace:order", args=[order.pk])
    assert "Pay by card" not in buyer.get(page).content.decode()  # the seller takes no cards yet

    seller_admin = login(tenant_a.user(Role.PHANTOM))
    body = {"secret_key": GOOD_KEY, "webhook_secret": WEBHOOK_SECRET}
    committed(seller_admin.post, reverse("integrations:connections"), body)

    buyer = login(tenant_b.user(Role.GLADIATOR))
    assert "Create a card payment link" in buyer.get(page).content.decode()
    assert committed(buyer.post, reverse("integrations:order_pay_link", args=[order.pk])).status_code == 302
    link = PayLink.objects.get(order=order)
    assert (link.status, link.amount, link.invoice_id) == (PayLinkStatus.READY, Decimal("240.00"), order.invoice_id)
    assert "https://checkout.stripe.com/c/pay/cs_test_1" in buyer.get(page).content.decode()

    # The seller's side may not ask for the buyer's link.
    seller = login(tenant_a.user(Role.GLADIATOR))
    assert seller.post(reverse("integrations:order_pay_link", args=[order.pk])).status_code == 403

    payload = event(
        "evt_o1",
        "checkout.session.completed",
        {
            "id": link.provider_id,
            "payment_intent": "pi_o1",
            "payment_status": "paid",
            "amount_total": 24000,
            "currency": "eur",
        },
    )
    url = reverse("integrations:stripe_webhook", args=[Connection.objects.get().webhook_token])
    response = Client().post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
    assert response.status_code == 200
    invoice = Invoice.objects.get(pk=order.invoice_id)
    assert invoice.status == InvoiceStatus.PAID  # sent on the way: it was the order's draft
    assert Payment.objects.get(invoice=invoice).reference == "pi_o1"
    assert ActivityEntry.objects.filter(verb="marketplace_order.paid_by_card", object_id=str(order.pk)).exists()


def test_an_order_not_yet_confirmed_or_of_another_org_gets_no_link(tenant_a, tenant_b, login, committed, stripe_api):
    committed(
        login(tenant_a.user(Role.PHANTOM)).post,
        reverse("integrations:connections"),
        {"secret_key": GOOD_KEY, "webhook_secret": WEBHOOK_SECRET},
    )
    order = place(make_listing(tenant_a, price="50.00"), tenant_b)
    buyer = login(tenant_b.user(Role.GLADIATOR))
    buyer.post(reverse("integrations:order_pay_link", args=[order.pk]))
    assert not PayLink.objects.exists()  # placed, not confirmed: refused with a message
    outsider = login(tenant_a.user(Role.PASSENGER))
    assert outsider.post(reverse("integrations:order_pay_link", args=[order.pk])).status_code in (403, 404)
    assert not PayLink.objects.exists()


def order_pages(tenant, order, login, side):
    client = login(tenant.user(Role.GLADIATOR))
    listing = f"/marketplace/w/{tenant.org.slug}/{tenant.workspace.slug}/orders/"
    return (
        client.get(reverse("marketplace:order", args=[order.pk])).content.decode(),
        client.get(listing, {"side": side}).content.decode(),
        client.get(f"/api/marketplace/orders/{order.pk}/").json(),
    )


def test_an_order_reads_paid_once_its_invoice_is_paid_and_unpaid_after_a_refund(
    tenant_a, tenant_b, login, committed, stripe_api
):
    from finance import services as finance

    order = confirmed_order(tenant_a, tenant_b)
    for tenant, side in ((tenant_a, "sold"), (tenant_b, "bought")):
        page, listing, api = order_pages(tenant, order, login, side)
        assert 'data-testid="order-paid"' not in page + listing and (api["paid"], api["paid_at"]) == (False, None)

    # Paid by hand in the seller's finance (a bank transfer): the order reads paid on both sides.
    seller = tenant_a.user(Role.GLADIATOR)
    invoice = finance.send_invoice(Invoice.objects.get(pk=order.invoice_id), actor=seller)
    payment = finance.record_payment(invoice, actor=seller, amount_paid=Decimal("240.00"))
    for tenant, side in ((tenant_a, "sold"), (tenant_b, "bought")):
        page, listing, api = order_pages(tenant, order, login, side)
        assert 'data-testid="order-paid"' in page and 'data-testid="order-paid-at"' in page
        assert 'data-testid="order-paid"' in listing and api["paid"] is True and api["paid_at"]

    # Part of it refunded: owed again, the order reads unpaid.
    finance.record_refund(payment, actor=seller, amount_refunded=Decimal("40.00"))
    page, listing, api = order_pages(tenant_b, order, login, "bought")
    assert 'data-testid="order-paid"' not in page + listing and api["paid"] is False


def test_the_order_lists_read_paid_in_a_constant_number_of_queries(
    tenant_a, tenant_b, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from finance import services as finance

    seller = tenant_a.user(Role.GLADIATOR)
    client = login(tenant_b.user(Role.GLADIATOR))
    listing = f"/marketplace/w/{tenant_b.org.slug}/{tenant_b.workspace.slug}/orders/"
    counts = []
    for _round in range(2):
        for _n in range(3):
            order = confirmed_order(tenant_a, tenant_b)
            invoice = finance.send_invoice(Invoice.objects.get(pk=order.invoice_id), actor=seller)
            finance.record_payment(invoice, actor=seller, amount_paid=invoice.total)
        client.get(listing, {"side": "bought"})  # warm the caches
        with CaptureQueriesContext(connection) as page:
            assert client.get(listing, {"side": "bought"}).content.decode().count('data-testid="order-paid"') > 0
        with CaptureQueriesContext(connection) as api:
            assert all(row["paid"] for row in client.get("/api/marketplace/orders/").json()["results"])
        counts.append((len(page), len(api)))
    assert counts[0] == counts[1]
