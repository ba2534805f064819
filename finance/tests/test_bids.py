"""Procurement by competition: a request for quote drawn from an approved advance goes to invited
vendors, their bids are compared, the cheapest is awarded — which drafts the purchase order from its
lines — and the others hear they were declined."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_role_matrix
from finance.errors import Conflict, FinanceInvalid, InvalidTransition
from finance.models import Bid, BidStatus, PurchaseOrder, RequestForQuote, RfqStatus
from finance.services import bids as bid_services

from .bids_helpers import approved_advance, bid, link, make_vendor, open_rfq
from .helpers import TODAY, D

pytestmark = pytest.mark.django_db


def test_an_rfq_from_approved_advance_lines_is_awarded_to_the_cheaper_bid(tenant_a, django_capture_on_commit_callbacks):
    advance = approved_advance(tenant_a)
    sound, rival = make_vendor(tenant_a), make_vendor(tenant_a, name="Rival Audio")
    rfq = open_rfq(tenant_a, sound, rival, advance=advance)
    assert [(ln.description, ln.quantity, ln.advance_item_id) for ln in rfq.lines.all()] == [
        (item.name, item.quantity, item.pk) for item in advance.items.all()
    ]
    merchant = link(tenant_a, rival)
    expensive = bid(tenant_a, rfq, sound, "520", "210")
    cheap = bid(tenant_a, rfq, rival, "480", "190", actor=merchant)
    assert (expensive.total, cheap.total) == (D("1880.00"), D("1720.00"))

    with django_capture_on_commit_callbacks(execute=True):
        po = bid_services.award_bid(cheap, actor=tenant_a.user(Role.AVIATOR), note="Cheapest")
    rfq.refresh_from_db()
    assert rfq.status == RfqStatus.AWARDED and rfq.purchase_order == po
    assert dict(Bid.objects.values_list("company__name", "status")) == {
        "Rival Audio": BidStatus.AWARDED,
        "Stage Sound Ltd": BidStatus.DECLINED,
    }
    assert po.vendor == rival and po.status == "draft" and po.advance == advance and po.subtotal == D("1720.00")
    assert [(ln.description, ln.quantity, ln.unit_price, ln.advance_item_id) for ln in po.lines.all()] == [
        (ln.description, ln.quantity, p, ln.advance_item_id)
        for ln, p in zip(rfq.lines.all(), [D(480), D(190)], strict=True)
    ]
    # The winner's login hears it won; the loser's bid was entered by the office, who hears it lost.
    said = dict(Notification.objects.filter(kind="bid.decided").values_list("recipient", "title"))
    assert said == {
        merchant.pk: f"Your bid on “{rfq.title}” was accepted",
        tenant_a.user(Role.GLADIATOR).pk: f"Your bid on “{rfq.title}” was declined",
    }
    with django_capture_on_commit_callbacks(execute=True):  # the task again: nobody hears twice
        from finance.tasks import notify_bidders

        notify_bidders.delay(rfq.pk)
    assert Notification.objects.filter(kind="bid.decided").count() == 2


def test_a_request_refuses_what_its_status_does_not_allow(tenant_a):
    sound = make_vendor(tenant_a)
    rfq = bid_services.create_rfq(
        actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace, title="Barriers", invited=[sound]
    )
    with pytest.raises(FinanceInvalid, match="at least one line"):
        bid_services.open_rfq(rfq, actor=tenant_a.user(Role.GLADIATOR))
    bid_services.update_rfq(
        rfq, actor=tenant_a.user(Role.GLADIATOR), lines=[{"description": "Crowd barrier", "quantity": 40}]
    )
    with pytest.raises(Conflict, match="not open for bids"):
        bid(tenant_a, rfq, sound, "12")
    rfq = bid_services.open_rfq(rfq, actor=tenant_a.user(Role.GLADIATOR))
    first = bid(tenant_a, rfq, sound, "12")
    with pytest.raises(Conflict, match="already bid"):
        bid(tenant_a, rfq, sound, "11")
    bid_services.withdraw_bid(first, actor=tenant_a.user(Role.GLADIATOR))
    second = bid(tenant_a, rfq, sound, "11")  # after withdrawing, a new bid
    with pytest.raises(FinanceInvalid, match="X is not invited"):
        bid(tenant_a, rfq, make_vendor(tenant_a, name="X"), "10")
    bid_services.close_rfq(rfq, actor=tenant_a.user(Role.GLADIATOR))
    second.refresh_from_db()
    assert second.status == BidStatus.DECLINED
    with pytest.raises(InvalidTransition):
        bid_services.award_bid(second, actor=tenant_a.user(Role.AVIATOR))
    assert not PurchaseOrder.objects.exists()


def test_an_expired_bid_cannot_be_awarded(tenant_a):
    sound = make_vendor(tenant_a)
    rfq = open_rfq(tenant_a, sound)
    stale = bid(tenant_a, rfq, sound, "500", "200")
    Bid.objects.filter(pk=stale.pk).update(valid_until=TODAY - datetime.timedelta(days=1))
    stale.refresh_from_db()
    with pytest.raises(FinanceInvalid, match="was valid until"):
        bid_services.award_bid(stale, actor=tenant_a.user(Role.AVIATOR))
    assert RequestForQuote.objects.get().status == RfqStatus.OPEN and not PurchaseOrder.objects.exists()


def test_a_gladiator_compares_but_may_not_award(tenant_a):
    sound = make_vendor(tenant_a)
    rfq = open_rfq(tenant_a, sound)
    offer = bid(tenant_a, rfq, sound, "500", "200")
    with pytest.raises(PermissionDenied):
        bid_services.award_bid(offer, actor=tenant_a.user(Role.GLADIATOR))
    offer.refresh_from_db()
    assert offer.status == BidStatus.SUBMITTED and not PurchaseOrder.objects.exists()


def test_a_merchant_bids_only_for_their_company_on_requests_it_is_invited_to(tenant_a):
    sound, rival = make_vendor(tenant_a), make_vendor(tenant_a, name="Rival Audio")
    merchant = link(tenant_a, rival)
    rfq = open_rfq(tenant_a, sound)  # the Merchant's company is not invited
    assert not RequestForQuote.objects.visible_to(merchant).exists()
    with pytest.raises(PermissionDenied):
        bid(tenant_a, rfq, rival, "1", "1", actor=merchant)
    invited = open_rfq(tenant_a, sound, rival)
    mine = bid(tenant_a, invited, sound, "1", "1", actor=merchant)  # the company given is ignored: their own
    assert mine.company == rival and mine.submitted_by == merchant
    other = bid(tenant_a, invited, sound, "2", "2")
    assert list(RequestForQuote.objects.visible_to(merchant)) == [invited]
    assert list(Bid.objects.visible_to(merchant)) == [mine]
    assert not merchant.has_perm("finance.view_bid", other)
    with pytest.raises(PermissionDenied):
        bid_services.withdraw_bid(other, actor=merchant)
    bid_services.withdraw_bid(mine, actor=merchant)


def test_another_organization_sees_no_request_or_bid(tenant_a, tenant_b):
    sound = make_vendor(tenant_a)
    rfq = open_rfq(tenant_a, sound)
    offer = bid(tenant_a, rfq, sound, "500", "200")
    for user in tenant_b.users.values():
        assert not RequestForQuote.objects.visible_to(user).exists()
        assert not Bid.objects.visible_to(user).exists()
        assert not user.has_perm("finance.award_requestforquote", rfq)
        assert not user.has_perm("finance.view_bid", offer)


def test_who_may_see_and_award_a_request_role_by_role(tenant_a):
    sound = make_vendor(tenant_a)
    rfq = open_rfq(tenant_a, sound)
    link(tenant_a, sound)
    office = {Role.PHANTOM, Role.AVIATOR, Role.GLADIATOR}
    assert_role_matrix(
        tenant_a,
        rfq,
        {"view": "finance.view_requestforquote", "bid": "finance.add_bid", "award": "finance.award_requestforquote"},
        {"view": office | {Role.MERCHANT}, "bid": office | {Role.MERCHANT}, "award": {Role.PHANTOM, Role.AVIATOR}},
    )
