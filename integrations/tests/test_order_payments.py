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
