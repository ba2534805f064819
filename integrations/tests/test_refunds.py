"""Stripe's signed `charge.refunded` reverses a card payment in finance: the invoice owes the refunded
part again and moves back from paid, its ledger follows, the finance people are told; a replay
reverses nothing twice and a refund larger than was paid is refused and changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from finance import services as finance
from finance.errors import FinanceInvalid
from finance.models import Invoice, InvoiceStatus, Payment
from integrations.models import Connection, PayLink, PayLinkStatus, ProviderEvent

from .stripe_stub import event, signed
from .test_payments import client_invoice, connect, pay_link_for  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_by_card(tenant_a, login, stripe_api, connect, pay_link_for):  # noqa: F811
    """A 250.00 invoice paid by card through Stripe's webhook; returns (invoice, post(event))."""
    connect(login(tenant_a.user(Role.PHANTOM)))
    invoice = client_invoice(tenant_a)
    link = pay_link_for(tenant_a, invoice)
    url = reverse("integrations:stripe_webhook", args=[Connection.objects.get().webhook_token])
    stripe = Client()

    def post(payload):
        response = stripe.post(url, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signed(payload))
        assert response.status_code == 200
        return response

    paid = {
        "id": link.provider_id,
        "object": "checkout.session",
        "payment_intent": "pi_1",
        "payment_status": "paid",
        "amount_total": 25000,
        "currency": "eur",
        "metadata": {"pay_link": str(link.pk)},
    }
    post(event("evt_paid", "checkout.session.completed", paid))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    return invoice, post


def refunded(event_id, cents):
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_1", "currency": "eur", "amount": 25000}
    return event(event_id, "charge.refunded", {**charge, "amount_refunded": cents, "refunded": cents == 25000})


def test_a_partial_refund_leaves_the_invoice_partly_paid_and_a_replay_changes_nothing(tenant_a, paid_by_card):
    invoice, post = paid_by_card
    payload = refunded("evt_r1", 10000)
    post(payload)
    post(payload)  # replayed by Stripe: handled once
    invoice.refresh_from_db()
    payment = Payment.objects.get(invoice=invoice)
    assert (invoice.status, invoice.amount_paid, invoice.balance) == (
        InvoiceStatus.PARTIALLY_PAID,
        Decimal("150.00"),
        Decimal("100.00"),
    )
    assert invoice.paid_at is None and payment.refunded == Decimal("100.00")
    assert PayLink.objects.get().status == PayLinkStatus.PAID  # not all of it was given back
    assert ProviderEvent.objects.get(event_id="evt_r1").result == "refund recorded"
    moved = ActivityEntry.objects.get(verb="invoice.refund_recorded", object_id=str(invoice.pk))
    assert (moved.from_state, moved.to_state, moved.actor) == ("paid", "partially_paid", tenant_a.user(Role.PHANTOM))
    told = Notification.objects.filter(dedupe_key__startswith=f"invoice:{invoice.pk}:refund:")
    assert tenant_a.user(Role.GLADIATOR).pk in set(told.values_list("recipient_id", flat=True))
    assert told.filter(recipient=tenant_a.user(Role.GLADIATOR)).count() == 1

    # Another event naming the same refunds so far (charge.refunded again) reverses nothing more.
    post(refunded("evt_r1_again", 10000))
    assert ProviderEvent.objects.get(event_id="evt_r1_again").result == "already refunded"

    # The rest is refunded: the invoice owes all of it again, sent.
    post(refunded("evt_r2", 25000))
    invoice.refresh_from_db()
    payment.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, payment.refunded) == (InvoiceStatus.SENT, 0, Decimal("250.00"))
    assert PayLink.objects.get().status == PayLinkStatus.REFUNDED
    assert ActivityEntry.objects.filter(verb="invoice.card_refunded", object_id=str(invoice.pk)).count() == 2

    # Owed again, it can be paid again (manually here).
    finance.record_payment(invoice, actor=tenant_a.user(Role.GLADIATOR), amount_paid=Decimal("250"))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_a_refund_larger_than_what_was_paid_is_refused_and_changes_nothing(paid_by_card):
    invoice, post = paid_by_card
    post(refunded("evt_r1", 20000))
    post(refunded("evt_big", 99999))  # 999.99 refunded in all: 799.99 more than the 50.00 left
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (InvoiceStatus.PARTIALLY_PAID, Decimal("50.00"))
    assert Payment.objects.get().refunded == Decimal("200.00")
    result = ProviderEvent.objects.get(event_id="evt_big").result
    assert result.startswith("refused:") and "left to refund" in result
    assert ActivityEntry.objects.filter(verb="invoice.refund_recorded").count() == 1


def test_a_refund_past_the_due_date_makes_the_invoice_overdue(paid_by_card):
    invoice, post = paid_by_card
    earlier = timezone.localdate() - datetime.timedelta(days=40)
    Invoice.objects.filter(pk=invoice.pk).update(issue_date=earlier, due_date=earlier + datetime.timedelta(days=10))
    post(refunded("evt_r1", 25000))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.balance) == (InvoiceStatus.OVERDUE, Decimal("250.00"))


def test_finance_refuses_a_refund_from_who_may_not_record_payments(tenant_a, paid_by_card):
    invoice, _post = paid_by_card
    payment = Payment.objects.get(invoice=invoice)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        finance.record_refund(payment, actor=tenant_a.user(Role.PASSENGER), amount_refunded=Decimal("10"))
    with pytest.raises(FinanceInvalid):
        finance.record_refund(payment, actor=tenant_a.user(Role.GLADIATOR), amount_refunded=Decimal("0"))
    invoice.refresh_from_db()
    assert (invoice.status, Payment.objects.get().refunded) == (InvoiceStatus.PAID, 0)
