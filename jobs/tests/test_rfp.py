"""A request for proposals, as issue 18 words it: "a production publishes a request for proposals
(scope, documents, deadline, invited companies); companies answer with bids; award → contract".
Jobs reuses finance's request for quote and bids; this story proves each part on the pages a
company's user and the office read. (A public request, open to any organization's companies, is
not offered: every request names the companies it invites.)"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from finance.models import BidStatus, RequestForQuote
from finance.services import bids as bid_services
from finance.tests.bids_helpers import bid, link, make_vendor
from finance.tests.helpers import make_production
from jobs.models import Contract

from .helpers import today

pytestmark = pytest.mark.django_db
R = Role


def test_a_request_for_proposals_from_publishing_to_the_contract(tenant_a, tenant_b, login):
    sound, rival, outsider = (make_vendor(tenant_a, name=n) for n in ("Sound Co", "Rival Audio", "Not Asked Ltd"))
    merchant = link(tenant_a, sound)
    office = login(tenant_a.user(R.GLADIATOR))
    deadline = today(tenant_a) + datetime.timedelta(days=10)

    # The production office writes the request: its scope (a description and lines), the deadline
    # and the companies it invites.
    rfq = bid_services.create_rfq(
        actor=tenant_a.user(R.GLADIATOR),
        workspace=tenant_a.workspace,
        production=make_production(tenant_a),
        title="Festival PA system",
        description="Main stage PA for three days, delivery and rigging included.",
        respond_by=deadline,
        invited=[sound, rival],
        lines=[{"description": "Line array, 24 boxes", "quantity": "1", "unit": "system"}],
    )
    assert set(rfq.invited.all()) == {sound, rival}

    # Its documents hang on it (the rider); the page's files panel uploads them.
    ct = ContentType.objects.get_for_model(RequestForQuote)
    uploaded = office.post(
        reverse("files:attach", args=[ct.pk, rfq.pk]),
        {
            "file": SimpleUploadedFile("rider.pdf", b"%PDF-1.4\n%rider\n", content_type="application/pdf"),
            "title": "Technical rider",
            "bucket": "documents",
        },
    )
    assert uploaded.status_code == 302
    # A draft is the office's alone: the invited company's user does not see it yet.
    assert login(merchant).get(reverse("finance:rfq", args=[rfq.pk])).status_code == 404
    office = login(tenant_a.user(R.GLADIATOR))  # one test client: log the office back in
    assert office.post(reverse("finance:rfq_action", args=[rfq.pk, "open"])).status_code == 302

    # The invited company's user reads the scope, the deadline and the documents, and bids.
    client = login(merchant)
    page = client.get(reverse("finance:rfq", args=[rfq.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Festival PA system", "Main stage PA for three days", "Line array, 24 boxes", "Technical rider"):
        assert text in html
    assert f"{deadline.day} {deadline.strftime('%b')} {deadline.year}" in html
    mine = bid(tenant_a, rfq, sound, "9000", actor=merchant)
    assert (mine.company, mine.status) == (sound, BidStatus.SUBMITTED)
    theirs = bid(tenant_a, rfq, rival, "9500")  # received by mail, entered by the office

    # A company not invited cannot answer; another organization's member finds nothing.
    with pytest.raises(Exception, match="not invited"):
        bid(tenant_a, rfq, outsider, "1")
    other = login(tenant_b.user(R.PHANTOM))
    assert other.get(reverse("finance:rfq", args=[rfq.pk])).status_code == 404
    assert other.get(reverse("finance:bid", args=[mine.pk])).status_code == 404

    # The company's user may not award (403); the Aviator awards, which drafts the contract.
    award = reverse("finance:bid_action", args=[mine.pk, "award"])
    assert login(merchant).post(award).status_code == 403
    assert login(tenant_a.user(R.AVIATOR)).post(award).status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (BidStatus.AWARDED, BidStatus.DECLINED)
    contract = Contract.objects.get()
    assert (contract.company, contract.bid, contract.status) == (sound, mine, "draft")
    assert (contract.rate, contract.rate_unit, contract.title) == (Decimal("9000.00"), "flat", "Festival PA system")
