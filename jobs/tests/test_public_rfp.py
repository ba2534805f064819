"""Public requests for proposals (issue 18): a production office publishes a request for quote for
every organization; a member of another organization whose role may bid answers for their own
organization; the bid lands in the requester's comparison and award unchanged, from a company record
standing for the bidding organization; the bidder sees their own bid and nothing else."""

import datetime

import pytest
from django.urls import reverse

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import Tenant
from finance.models import Bid, BidStatus, Company, RfqStatus
from finance.services import bids as bid_services
from jobs import services
from jobs.models import BidderCompany, Contract, PublicBid, PublicRfp

from .helpers import today
from .rfp_helpers import document_of, draft_request, prices, public_bid, public_request

pytestmark = pytest.mark.django_db
R = Role


def _bid_form(listing, workspace, *amounts, valid_days=30):
    data = {"workspace": workspace.pk, "valid_until": (datetime.date.today() + datetime.timedelta(days=valid_days))}
    for line, amount in zip(listing.rfq.lines.all(), amounts, strict=True):
        data[f"price_{line.pk}"] = amount
    return data


def test_a_public_request_from_publishing_to_the_contract(
    tenant_a, tenant_b, login, django_capture_on_commit_callbacks
):
    # The requester's office writes a draft, attaches a rider (to share) and a budget sheet (not),
    # and publishes it from the request's page: the draft opens without any invitation.
    rfq = draft_request(tenant_a)
    rider, budget = document_of(tenant_a, rfq, "Technical rider"), document_of(tenant_a, rfq, "Budget sheet")
    office = login(tenant_a.user(R.GLADIATOR))
    assert "Publish for every organization" in office.get(reverse("finance:rfq", args=[rfq.pk])).content.decode()
    published = office.post(
        reverse("jobs:publish_rfp", args=[rfq.pk]),
        {"scope": "Main stage PA for three days, rigging included.", "documents": [rider.pk]},
    )
    assert published.status_code == 302, published.content
    listing = PublicRfp.objects.get(rfq=rfq)
    rfq.refresh_from_db()
    assert (rfq.status, listing.status, list(listing.documents.all())) == (RfqStatus.OPEN, "published", [rider])

    # Another organization's crew member finds it and reads only what is public; their role may not bid.
    crew = login(tenant_b.user(R.RAIDER))
    assert rfq.title in crew.get(reverse("jobs:rfps")).content.decode()
    html = crew.get(reverse("jobs:rfp", args=[listing.pk])).content.decode()
    for text in (
        rfq.title,
        "Main stage PA for three days",
        tenant_a.org.name,
        "Line array, 24 boxes",
        "Technical rider",
    ):
        assert text in html
    for text in ("Budget sheet", "budget 12,000", "Submit a bid"):
        assert text not in html
    assert (
        crew.post(
            reverse("jobs:rfp_bid", args=[listing.pk]), _bid_form(listing, tenant_b.workspace, "1", "1")
        ).status_code
        == 403
    )
    assert not Bid.objects.exists()
    # The shared document downloads; the one not shared is not there for them.
    assert crew.get(reverse("jobs:rfp_document", args=[listing.pk, rider.pk])).status_code == 200
    assert crew.get(reverse("jobs:rfp_document", args=[listing.pk, budget.pk])).status_code == 404

    # Their production manager bids for their organization.
    manager = login(tenant_b.user(R.GLADIATOR))
    assert "Submit a bid" in manager.get(reverse("jobs:rfp", args=[listing.pk])).content.decode()
    sent = manager.post(
        reverse("jobs:rfp_bid", args=[listing.pk]), _bid_form(listing, tenant_b.workspace, "9000", "250")
    )
    assert sent.status_code == 302, sent.content
    mine = PublicBid.objects.get()
    bid = mine.bid
    assert sent.url == reverse("jobs:public_bid", args=[mine.pk])
    assert (bid.rfq, bid.status, bid.total, mine.workspace) == (rfq, BidStatus.SUBMITTED, 10000, tenant_b.workspace)
    # The bid stands in the requester's workspace, from a company record for the bidding organization.
    link = BidderCompany.objects.get()
    assert (link.workspace, link.organization, link.company) == (tenant_a.workspace, tenant_b.org, bid.company)
    assert (bid.company.workspace, bid.company.name) == (tenant_a.workspace, tenant_b.org.name)
    # One live bid per organization: a second, from a colleague, is refused and nothing is added.
    colleague = login(tenant_b.user(R.AVIATOR))
    again = colleague.post(
        reverse("jobs:rfp_bid", args=[listing.pk]), _bid_form(listing, tenant_b.workspace, "8000", "1")
    )
    assert again.status_code == 409 and Bid.objects.count() == 1
    # The bidder reads their bid; the requester's bid and request pages stay closed to them.
    page = login(tenant_b.user(R.GLADIATOR)).get(reverse("jobs:public_bid", args=[mine.pk]))
    assert page.status_code == 200 and "Withdraw bid" in page.content.decode()
    assert manager.get(reverse("finance:bid", args=[bid.pk])).status_code == 404
    assert manager.get(reverse("finance:rfq", args=[rfq.pk])).status_code == 404

    # The requester compares (the public bid beside an invited one) and awards: the contract is drafted.
    invited = Company.objects.create(workspace=tenant_a.workspace, name="Rival Audio")
    bid_services.update_rfq(rfq, actor=tenant_a.user(R.GLADIATOR), invited=[invited])
    bid_services.submit_bid(
        rfq,
        actor=tenant_a.user(R.GLADIATOR),
        company=invited,
        valid_until=today(tenant_a) + datetime.timedelta(days=30),
        lines=prices(listing, "9500", "300"),
    )
    aviator = login(tenant_a.user(R.AVIATOR))
    compare = aviator.get(reverse("finance:compare_bids", args=[rfq.pk])).content.decode()
    assert tenant_b.org.name in compare and "Rival Audio" in compare
    with django_capture_on_commit_callbacks(execute=True):
        assert aviator.post(reverse("finance:bid_action", args=[bid.pk, "award"])).status_code == 302
    bid.refresh_from_db()
    assert bid.status == BidStatus.AWARDED
    contract = Contract.objects.get()
    assert (contract.company, contract.bid, contract.status, contract.workspace) == (
        bid.company,
        bid,
        "draft",
        tenant_a.workspace,
    )
    # The bidder hears of it through the one notification path, pointing at their side of the bid.
    told = Notification.objects.get(recipient=tenant_b.user(R.GLADIATOR), kind="bid.decided")
    assert "accepted" in told.title and told.url == reverse("jobs:public_bid", args=[mine.pk])
    assert (
        "Awarded" in login(tenant_b.user(R.GLADIATOR)).get(reverse("jobs:public_bid", args=[mine.pk])).content.decode()
    )


def test_a_third_organization_sees_the_request_but_no_bid(tenant_a, tenant_b, login):
    listing, _rider, _budget = public_request(tenant_a)
    mine = public_bid(listing, tenant_b, "9000", "250")
    third = Tenant("Charlie")
    client = login(third.user(R.GLADIATOR))
    page = client.get(reverse("jobs:rfp", args=[listing.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert listing.rfq.title in html and tenant_b.org.name not in html and "9,000" not in html
    assert client.get(reverse("jobs:public_bid", args=[mine.pk])).status_code == 404
    assert client.get(reverse("finance:bid", args=[mine.bid.pk])).status_code == 404
    assert list(client.get(reverse("jobs:public_bids")).context["page"].object_list) == []
    assert client.get("/api/public-bids/").json()["results"] == []
    assert client.get(f"/api/public-bids/{mine.pk}/").status_code == 404
    assert client.post(reverse("jobs:withdraw_public_bid", args=[mine.pk])).status_code == 404
    # Nor does the requester's API list of the request show who bid to anyone but the requester.
    body = client.get(f"/api/public-rfps/{listing.pk}/").json()
    assert "bids" not in body and tenant_b.org.name not in str(body)


def test_an_invite_only_request_is_404_to_another_organization(tenant_a, tenant_b, login):
    rfq = draft_request(tenant_a)
    invited = Company.objects.create(workspace=tenant_a.workspace, name="Sound Co")
    bid_services.update_rfq(rfq, actor=tenant_a.user(R.GLADIATOR), invited=[invited])
    bid_services.open_rfq(rfq, actor=tenant_a.user(R.GLADIATOR))
    client = login(tenant_b.user(R.PHANTOM))
    assert client.get(reverse("finance:rfq", args=[rfq.pk])).status_code == 404
    assert client.get(reverse("jobs:publish_rfp", args=[rfq.pk])).status_code == 404
    assert rfq.title not in client.get(reverse("jobs:rfps")).content.decode()
    # A public request taken off the board is as private as one never published.
    listing, *_ = public_request(tenant_a, title="Lighting rig")
    services.withdraw_rfp(listing, actor=tenant_a.user(R.GLADIATOR))
    assert client.get(reverse("jobs:rfp", args=[listing.pk])).status_code == 404
    assert client.get(f"/api/public-rfps/{listing.pk}/").status_code == 404
    assert client.post(reverse("jobs:rfp_bid", args=[listing.pk]), {}).status_code == 404
    # The requester's crew roles do not read requests for quote at all: nothing to publish for them.
    for role in (R.RAIDER, R.NAVIGATOR):
        assert login(tenant_a.user(role)).get(reverse("jobs:publish_rfp", args=[rfq.pk])).status_code == 404


def test_no_bid_and_no_withdrawal_after_the_deadline(tenant_a, tenant_b, login):
    listing, *_ = public_request(tenant_a)
    mine = public_bid(listing, tenant_b, "9000", "250")
    rfq = listing.rfq
    rfq.respond_by = today(tenant_a) - datetime.timedelta(days=1)
    rfq.save(update_fields=["respond_by"])
    third = Tenant("Charlie")
    client = login(third.user(R.GLADIATOR))
    page = client.get(reverse("jobs:rfp", args=[listing.pk]))
    assert "Submit a bid" not in page.content.decode() and "Closed for bids" in page.content.decode()
    late = client.post(reverse("jobs:rfp_bid", args=[listing.pk]), _bid_form(listing, third.workspace, "1", "1"))
    assert late.status_code == 409 and "deadline" in late.content.decode()
    api = client.post(
        f"/api/public-rfps/{listing.pk}/bid/",
        {"workspace": third.workspace.pk, "valid_until": "2099-01-01", "lines": prices(listing, "1", "1")},
        content_type="application/json",
    )
    assert api.status_code == 409 and "deadline" in api.json()["detail"]
    bidder = login(tenant_b.user(R.GLADIATOR))
    assert bidder.post(f"/api/public-bids/{mine.pk}/withdraw/", {}, content_type="application/json").status_code == 409
    assert Bid.objects.get().status == BidStatus.SUBMITTED and Bid.objects.count() == 1


def test_a_withdrawn_bid_makes_room_for_a_new_one_and_the_company_is_kept(tenant_a, tenant_b):
    # The requester knows an unrelated company that happens to carry the bidder's name: never merged.
    namesake = Company.objects.create(workspace=tenant_a.workspace, name=tenant_b.org.name, email="x@namesake.test")
    listing, *_ = public_request(tenant_a)
    first = public_bid(listing, tenant_b, "9000", "250")
    assert first.bid.company != namesake and first.bid.company.name == f"{tenant_b.org.name} ({tenant_b.org.slug})"
    with pytest.raises(Exception, match="already bid"):
        public_bid(listing, tenant_b, "8000", "200")
    services.withdraw_public_bid(first, actor=tenant_b.user(R.GLADIATOR))
    assert Bid.objects.get(pk=first.bid.pk).status == BidStatus.WITHDRAWN
    second = public_bid(listing, tenant_b, "8000", "200")
    other, *_ = public_request(tenant_a, title="Video wall")
    third = public_bid(other, tenant_b, "5000", "100")
    assert second.bid.company == third.bid.company == first.bid.company
    assert (
        BidderCompany.objects.count() == 1 and Company.objects.filter(name__startswith=tenant_b.org.name).count() == 2
    )
    # Bidding for the organization's own request is not this path.
    with pytest.raises(Exception, match="your own organization"):
        services.submit_public_bid(
            listing,
            actor=tenant_a.user(R.GLADIATOR),
            workspace=tenant_a.workspace,
            valid_until=today(tenant_a) + datetime.timedelta(days=5),
            lines=prices(listing, "1", "1"),
        )


def test_the_page_offers_the_bid_form_only_while_the_organization_has_no_live_bid(tenant_a, tenant_b, login):
    listing, *_ = public_request(tenant_a)
    bidder = login(tenant_b.user(R.GLADIATOR))
    page = reverse("jobs:rfp", args=[listing.pk])
    assert 'id="bid"' in bidder.get(page).content.decode()
    first = public_bid(listing, tenant_b, "9000", "250")
    html = bidder.get(page).content.decode()
    assert 'id="bid"' not in html and 'data-testid="own-bids"' in html
    services.withdraw_public_bid(first, actor=tenant_b.user(R.GLADIATOR))
    assert 'id="bid"' in bidder.get(page).content.decode()


def test_the_api_follows_the_same_rules(tenant_a, tenant_b, login):
    rfq = draft_request(tenant_a)
    rider = document_of(tenant_a, rfq, "Technical rider")
    office = login(tenant_a.user(R.GLADIATOR))
    made = office.post(
        "/api/public-rfps/",
        {"rfq": rfq.pk, "scope": "Main stage PA.", "documents": [rider.pk]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    again = office.post("/api/public-rfps/", {"rfq": rfq.pk, "scope": "Again."}, content_type="application/json")
    assert again.status_code == 409
    crew = login(tenant_b.user(R.RAIDER))
    listed = crew.get("/api/public-rfps/").json()["results"]
    assert [row["id"] for row in listed] == [pk]
    row = listed[0]
    assert (row["title"], row["organization"], row["scope"]) == (rfq.title, tenant_a.org.name, "Main stage PA.")
    assert [d["title"] for d in row["shared_documents"]] == ["Technical rider"] and len(row["lines"]) == 2
    assert "description" not in row and "budget" not in str(row).lower()
    body = {
        "workspace": tenant_b.workspace.pk,
        "valid_until": "2099-01-01",
        "lines": prices(rfq.public_listing, "9", "1"),
    }
    refused = crew.post(f"/api/public-rfps/{pk}/bid/", body, content_type="application/json")
    assert refused.status_code == 403 and "detail" in refused.json()
    manager = login(tenant_b.user(R.GLADIATOR))
    bid = manager.post(f"/api/public-rfps/{pk}/bid/", body, content_type="application/json")
    assert bid.status_code == 201, bid.content
    assert (bid.json()["status"], bid.json()["total"], bid.json()["requested_by"]) == (
        "submitted",
        "13.00",
        tenant_a.org.name,
    )
    assert manager.post(f"/api/public-rfps/{pk}/bid/", body, content_type="application/json").status_code == 409
    mine = manager.get("/api/public-bids/").json()["results"]
    assert [b["id"] for b in mine] == [bid.json()["id"]]
    gone = manager.post(
        f"/api/public-bids/{mine[0]['id']}/withdraw/", {"note": "Busy"}, content_type="application/json"
    )
    assert gone.status_code == 200 and gone.json()["status"] == "withdrawn"
    # The bidder may not take the requester's listing off the board; another org's office 404s on publishing.
    assert manager.post(f"/api/public-rfps/{pk}/withdraw/").status_code == 403
    other = draft_request(tenant_a, title="Private")
    assert (
        manager.post("/api/public-rfps/", {"rfq": other.pk, "scope": "x"}, content_type="application/json").status_code
        == 400
    )
    # The scope is written for the public: the request's internal description is never used for it.
    assert (
        office.post("/api/public-rfps/", {"rfq": other.pk, "scope": " "}, content_type="application/json").status_code
        == 400
    )


def test_the_public_lists_pin_their_queries(tenant_a, tenant_b, login, django_assert_max_num_queries):
    for n in range(2):
        listing, *_ = public_request(tenant_a, title=f"Request {n}")
        public_bid(listing, tenant_b, "10", "1")
    client = login(tenant_b.user(R.GLADIATOR))
    urls = [reverse("jobs:rfps"), reverse("jobs:public_bids"), "/api/public-rfps/", "/api/public-bids/"]
    counted = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(25) as seen:
            assert client.get(url).status_code == 200
        counted[url] = len(seen)
    for n in range(2, 6):
        listing, *_ = public_request(tenant_a, title=f"Request {n}")
        public_bid(listing, tenant_b, "10", "1")
    for url in urls:
        with django_assert_max_num_queries(counted[url]):
            assert client.get(url).status_code == 200
