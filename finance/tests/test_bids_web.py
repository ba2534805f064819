"""Procurement through the pages and the API: the office drafts and opens a request, a Merchant bids
for their company on the page and through the API, the comparison page marks the cheapest, an
Aviator awards from it (a Gladiator may not: 403), another organization sees nothing (404)."""

import datetime

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.queries import PageSize, assert_constant_queries
from finance.models import Bid, PurchaseOrder, RequestForQuote, RfqStatus

from .bids_helpers import agreement, bid, link, make_vendor, open_rfq
from .helpers import TODAY

pytestmark = pytest.mark.django_db
JSON = "application/json"


def ws_url(tenant, name):
    return reverse(f"finance:{name}", args=[tenant.org.slug, tenant.workspace.slug])


def free_rfq(tenant, *vendors):
    from finance.services import bids as bid_services

    rfq = bid_services.create_rfq(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        title="Crowd barriers",
        invited=vendors,
        lines=[
            {"description": "Crowd barrier", "quantity": 40, "unit": "Per Unit"},
            {"description": "Delivery", "quantity": 1},
        ],
    )
    return rfq


def test_the_office_drafts_and_opens_a_request_and_a_merchant_bids_on_the_page(tenant_a, login):
    sound, rival = make_vendor(tenant_a), make_vendor(tenant_a, name="Rival Audio")
    office = login(tenant_a.user(Role.GLADIATOR))
    created = office.post(
        ws_url(tenant_a, "new_rfq"),
        {
            "title": "Crowd barriers",
            "invited": [sound.pk, rival.pk],
            "respond_by": (TODAY + datetime.timedelta(days=5)).isoformat(),
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-description": "Crowd barrier",
            "lines-0-quantity": "40",
            "lines-0-unit": "Per Unit",
        },
    )
    assert created.status_code == 302, created.context["form"].errors
    rfq = RequestForQuote.objects.get()
    assert created.status_code == 302 and rfq.status == RfqStatus.DRAFT and rfq.lines.count() == 1
    assert office.post(reverse("finance:rfq_action", args=[rfq.pk, "open"])).status_code == 302
    rfq.refresh_from_db()
    assert rfq.status == RfqStatus.OPEN

    merchant = link(tenant_a, rival)
    client = login(merchant)
    page = client.get(reverse("finance:rfq", args=[rfq.pk]))
    assert page.status_code == 200 and "Submit a bid" in page.content.decode()
    line = rfq.lines.get()
    refused = client.post(
        reverse("finance:submit_bid", args=[rfq.pk]), {f"price_{line.pk}": "12", "valid_until": "2000-01-01"}
    )
    assert refused.status_code == 400 and "today or later" in refused.content.decode() and not Bid.objects.exists()
    done = client.post(
        reverse("finance:submit_bid", args=[rfq.pk]),
        {f"price_{line.pk}": "12.50", "valid_until": (TODAY + datetime.timedelta(days=30)).isoformat()},
    )
    mine = Bid.objects.get()
    assert done.status_code == 302 and mine.company == rival and mine.total == 500
    assert client.get(reverse("finance:compare_bids", args=[rfq.pk])).status_code == 403  # the office compares
    assert client.get(ws_url(tenant_a, "rfqs")).status_code == 200


def test_the_comparison_marks_the_cheapest_and_only_an_awarder_awards(tenant_a, tenant_b, login):
    sound, rival = make_vendor(tenant_a), make_vendor(tenant_a, name="Rival Audio")
    rfq = open_rfq(tenant_a, sound, rival)
    dear, cheap = bid(tenant_a, rfq, sound, "520", "210"), bid(tenant_a, rfq, rival, "480", "190")
    office = login(tenant_a.user(Role.GLADIATOR))
    page = office.get(reverse("finance:compare_bids", args=[rfq.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and [b.pk for b in page.context["bids"]] == [cheap.pk, dear.pk]
    assert page.context["cheapest"] == cheap.pk and f'data-testid="total-{cheap.pk}"' in html
    assert [[low for _b, _p, low in cells] for _line, cells in page.context["rows"]] == [[True, False], [True, False]]
    assert "Award to" not in html  # a Gladiator compares, but does not award
    award = reverse("finance:bid_action", args=[cheap.pk, "award"])
    assert office.post(award).status_code == 403
    assert office.post(f"/api/bids/{cheap.pk}/award/", content_type=JSON).status_code == 403
    outsider = login(tenant_b.user(Role.PHANTOM))
    assert outsider.get(reverse("finance:compare_bids", args=[rfq.pk])).status_code == 404
    assert outsider.post(award).status_code == 404
    assert outsider.get(f"/api/rfqs/{rfq.pk}/").status_code == 404
    assert not PurchaseOrder.objects.exists()
    buyer = login(tenant_a.user(Role.AVIATOR))
    assert "Award to" in buyer.get(reverse("finance:compare_bids", args=[rfq.pk])).content.decode()
    assert buyer.post(award).status_code == 302
    rfq.refresh_from_db()
    assert rfq.status == RfqStatus.AWARDED and rfq.purchase_order.vendor == rival


def test_a_merchant_bids_through_the_api_and_reads_only_their_own(tenant_a, login):
    sound, rival = make_vendor(tenant_a), make_vendor(tenant_a, name="Rival Audio")
    rfq = open_rfq(tenant_a, sound, rival)
    hidden = free_rfq(tenant_a, sound)  # a draft: no Merchant sees it
    other = bid(tenant_a, rfq, sound, "520", "210")
    agreement(tenant_a, sound)
    merchant = link(tenant_a, rival)
    client = login(merchant)
    lines = [{"rfq_line": ln.pk, "unit_price": "100"} for ln in rfq.lines.all()]
    body = {"rfq": rfq.pk, "valid_until": (TODAY + datetime.timedelta(days=9)).isoformat(), "lines": lines}
    created = client.post("/api/bids/", body, content_type=JSON)
    assert created.status_code == 201, created.json()
    assert created.json()["company"] == rival.pk and created.json()["status"] == "submitted"
    again = client.post("/api/bids/", body, content_type=JSON)
    assert again.status_code == 409 and "withdraw" in again.json()["detail"]
    assert [b["id"] for b in client.get("/api/bids/").json()["results"]] == [created.json()["id"]]
    assert [r["id"] for r in client.get("/api/rfqs/").json()["results"]] == [rfq.pk]
    assert client.get(f"/api/bids/{other.pk}/").status_code == 404
    assert client.get(reverse("finance:bid", args=[other.pk])).status_code == 404
    assert client.get(reverse("finance:rfq", args=[hidden.pk])).status_code == 404
    assert client.get("/api/agreements/").json()["results"] == []
    withdrawn = client.post(f"/api/bids/{created.json()['id']}/withdraw/", content_type=JSON)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert client.post(f"/api/bids/{created.json()['id']}/award/", content_type=JSON).status_code == 403


def test_the_office_builds_a_request_through_the_api(tenant_a, login):
    sound = make_vendor(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    created = client.post(
        "/api/rfqs/",
        {
            "workspace": tenant_a.workspace.pk,
            "title": "Barriers",
            "invited": [sound.pk],
            "lines": [{"description": "Barrier", "quantity": "40"}],
        },
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    rfq = created.json()
    assert rfq["status"] == "draft" and rfq["allowed_moves"] == ["closed", "open"] and rfq["invited"] == [sound.pk]
    opened = client.post(f"/api/rfqs/{rfq['id']}/open/", content_type=JSON)
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert client.post(f"/api/rfqs/{rfq['id']}/open/", content_type=JSON).status_code == 409


def test_the_lists_cost_the_same_queries_for_1_row_and_many(tenant_a, login, monkeypatch):
    vendors = [make_vendor(tenant_a, name=f"Vendor {i}") for i in range(3)]
    for vendor in vendors:
        bid(tenant_a, open_rfq(tenant_a, *vendors), vendor, "10", "10")
        agreement(tenant_a, vendor)
    client = login(tenant_a.user(Role.PHANTOM))
    rfq = RequestForQuote.objects.first()
    for url in (
        ws_url(tenant_a, "rfqs"),
        ws_url(tenant_a, "agreements"),
        "/api/rfqs/",
        "/api/bids/",
        "/api/agreements/",
    ):
        size = PageSize(1)
        client.get(url)  # the session's first read
        with size.active(monkeypatch):
            _queries, small, big = assert_constant_queries(client, url, grow=lambda s=size: s.set(200))
        assert (small, big) == (1, 3), url
    compare = reverse("finance:compare_bids", args=[rfq.pk])
    client.get(compare)
    assert_constant_queries(client, compare, grow=lambda: bid(tenant_a, rfq, vendors[0], "9", "9"))


def test_a_quote_document_goes_with_the_bid_and_only_who_sees_the_bid_reads_it(tenant_a, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    sound, rival = make_vendor(tenant_a), make_vendor(tenant_a, name="Rival Audio")
    rfq = free_rfq(tenant_a, sound, rival)
    from finance.services import bids as bid_services

    bid_services.open_rfq(rfq, actor=tenant_a.user(Role.GLADIATOR))
    merchant = link(tenant_a, sound)
    client = login(merchant)
    prices = {f"price_{ln.pk}": "10" for ln in rfq.lines.all()}
    quote = SimpleUploadedFile(
        "quote.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )
    valid = (TODAY + datetime.timedelta(days=9)).isoformat()
    sent = client.post(
        reverse("finance:submit_bid", args=[rfq.pk]), {**prices, "valid_until": valid, "document": quote}
    )
    mine = Bid.objects.get()
    document = mine.attachments.get()
    assert sent.status_code == 302 and document.original_name == "quote.pdf" and document.bucket == "documents"
    url = reverse("finance:bid_file", args=[mine.pk, document.pk])
    assert client.get(url).status_code == 200
    assert login(tenant_a.user(Role.GLADIATOR)).get(url).status_code == 200
    assert login(tenant_a.user(Role.PASSENGER)).get(url).status_code == 404  # sees no finance at all
