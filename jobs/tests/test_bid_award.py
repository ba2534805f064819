"""Awarding a bid (finance's request for quote) drafts the contract with the winning company: its
total as a flat fee, for the request's production and currency. The award stands even for a role
that makes no contracts."""

import pytest

from dragonfly.tenancy.roles import Role
from finance.services import bids as bid_services
from finance.tests.bids_helpers import bid, make_vendor, open_rfq
from jobs.models import Contract

pytestmark = pytest.mark.django_db


def test_an_awarded_bid_drafts_its_contract(tenant_a):
    sound, rival = make_vendor(tenant_a), make_vendor(tenant_a, name="Rival Audio")
    rfq = open_rfq(tenant_a, sound, rival)
    winner = bid(tenant_a, rfq, rival, "480", "190")
    bid(tenant_a, rfq, sound, "520", "210")
    bid_services.award_bid(winner, actor=tenant_a.user(Role.AVIATOR))
    contract = Contract.objects.get()
    assert (contract.company, contract.bid, contract.status, contract.rate_unit) == (rival, winner, "draft", "flat")
    assert (contract.rate, contract.currency, contract.title) == (winner.total, rfq.currency, rfq.title)
    assert contract.production_id == rfq.production_id
