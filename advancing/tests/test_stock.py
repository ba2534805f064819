"""Issue 22, advancing beyond the plan: a reviewer sees, next to each line, whether the organization's
own stock covers it for the show's dates; approving reserves it; a shortfall becomes a hire line."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from advancing import services, stock
from advancing.errors import Conflict
from advancing.models import AdvanceItem, AdvanceStatus, CatalogItem, Procurement, StockMapping, StockReservation
from advancing.tests.helpers import make_advance
from assets.models import Asset, AssetStatus, Reservation
from assets.tests.helpers import book, make_asset
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import Tenant, make_member, make_workspace
from productions.tests.helpers import make_production

pytestmark = pytest.mark.django_db
S = AdvanceStatus
SHOW = (datetime.date(2031, 5, 10), datetime.date(2031, 5, 12))


def spots(quantity, code="TECH-1014"):
    return {"catalog_item": CatalogItem.objects.get(item_id=code), "quantity": Decimal(quantity), "unit_cost": "100"}


@pytest.fixture
def shop():
    """Acme owns 3 moving heads; its moving-head catalog item is taken from its Lighting assets."""
    tenant = Tenant("Acme")
    tenant.production = make_production(tenant, start_date=SHOW[0], end_date=SHOW[1])
    tenant.heads = [make_asset(tenant.workspace, f"LX-{i}", category="Lighting") for i in range(1, 4)]
    StockMapping.objects.create(
        organization=tenant.org, catalog_item=CatalogItem.objects.get(item_id="TECH-1014"), asset_category="Lighting"
    )
    return tenant


def advance_for(tenant, *lines, status=S.SUBMITTED):
    advance = make_advance(tenant, status, items=list(lines))
    advance.production = tenant.production
    advance.save(update_fields=["production"])
    return advance


def line_of(tenant, advance, user=None):
    result = stock.stock_for_advance(advance, user or tenant.user(Role.GLADIATOR))
    return result.for_item(advance.items.get(catalog_item__item_id="TECH-1014").pk)


# --- what the reviewer sees ------------------------------------------------------------------------
def test_enough_free_stock_reads_free(shop):
    line = line_of(shop, advance_for(shop, spots(2)))
    assert (line.state, line.needed, line.free, line.short) == ("free", 2, 3, 0)


def test_too_little_stock_reads_short_by_the_missing_number(shop):
    line = line_of(shop, advance_for(shop, spots(5)))
    assert (line.state, line.short, line.hire_quantity) == ("short", 2, Decimal("2"))
    assert line.clashes == []


def test_assets_held_by_another_reservation_read_as_a_clash_naming_it(shop, client):
    other = book(shop.heads[0], SHOW[0], SHOW[0], production=shop.production)
    book(shop.heads[1], datetime.date(2031, 5, 1), datetime.date(2031, 5, 2))  # before the show: no clash
    advance = advance_for(shop, spots(3))
    line = line_of(shop, advance)
    assert (line.state, line.short, line.free) == ("clash", 1, 2)
    assert [c.reservation_id for c in line.clashes] == [other.pk] and line.clashes[0].visible

    client.force_login(shop.user(Role.GLADIATOR))
    page = client.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert 'data-state="clash"' in page
    assert reverse("assets:reservation_detail", args=[other.pk]) in page
    assert "short by 1" in page


def test_a_reservation_the_reviewer_may_not_see_is_counted_but_not_named(shop, client):
    elsewhere = make_workspace(shop.org, "Warehouse")
    crate = make_asset(elsewhere, "LX-9", category="Lighting")
    hidden = book(crate, *SHOW)
    reviewer = make_member(Role.GLADIATOR, shop.org, shop.workspace)
    advance = advance_for(shop, spots(4))
    line = line_of(shop, advance, reviewer)
    assert (line.state, line.free, line.short) == ("clash", 3, 1)
    assert [(c.reservation_id, c.visible) for c in line.clashes] == [(hidden.pk, False)]

    client.force_login(reviewer)
    page = client.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert "a reservation you cannot see" in page
    assert reverse("assets:reservation_detail", args=[hidden.pk]) not in page


def test_another_organizations_assets_are_never_counted_or_shown(shop):
    rival = Tenant("Bravo")
    theirs = [make_asset(rival.workspace, f"LX-{i}", category="Lighting") for i in range(1, 6)]
    booked = book(theirs[0], *SHOW)
    line = line_of(shop, advance_for(shop, spots(5)))
    assert (line.free, line.short) == (3, 2)
    assert booked.pk not in [c.reservation_id for c in line.clashes]
    # Their mapping is theirs: Acme's mapping does not make Bravo's advance read Acme's stock.
    rival.production = make_production(rival, start_date=SHOW[0], end_date=SHOW[1])
    assert stock.stock_for_advance(advance_for(rival, spots(1)), rival.user(Role.GLADIATOR)).lines == {}


def test_lines_of_the_same_category_share_the_pool(shop):
    advance = advance_for(shop, spots(2), spots(2))
    first, second = list(stock.stock_for_advance(advance, shop.user(Role.GLADIATOR)).lines.values())
    assert (first.state, second.state, second.free, second.short) == ("free", "short", 1, 1)


def test_lines_to_hire_custom_lines_and_advances_without_dates_take_no_stock(shop):
    advance = advance_for(shop, {**spots(1), "procurement": "hire"})
    assert stock.stock_for_advance(advance, shop.user(Role.GLADIATOR)).lines == {}
    undated = make_advance(shop, S.SUBMITTED, items=[spots(1)])
    assert stock.stock_for_advance(undated, shop.user(Role.GLADIATOR)).lines == {}


def test_the_stock_costs_the_same_queries_for_two_lines_or_twelve(shop, django_assert_num_queries):
    reviewer = shop.user(Role.GLADIATOR)
    book(shop.heads[0], *SHOW)
    small = advance_for(shop, spots(1), spots(1))
    big = advance_for(shop, *[spots(1) for _ in range(12)])
    stock.stock_for_advance(small, reviewer)  # the reviewer's roles load once per request, before the page
    # mappings, free and held per category, booked for this advance, clashes, the clashes the reviewer sees
    for advance in (small, big):
        items = list(AdvanceItem.objects.filter(advance=advance))
        fresh = type(advance).objects.select_related("production").get(pk=advance.pk)
        with django_assert_num_queries(5):
            stock.stock_for_advance(fresh, reviewer, items)


# --- approving reserves ---------------------------------------------------------------------------
def test_approving_reserves_the_mapped_lines_assets(shop):
    advance = advance_for(shop, spots(2), {"catalog_item": None, "name": "Stagehands", "quantity": 4, "unit": "p"})
    services.approve_advance(advance, actor=shop.user(Role.GLADIATOR))
    made = StockReservation.objects.get(item__advance=advance)
    reservation = made.reservation
    assert (made.assets, reservation.items.count()) == (2, 2)
    assert (reservation.start_date, reservation.end_date, reservation.production) == (*SHOW, shop.production)
    assert f"Advance #{advance.pk}" in reservation.notes
    assert Asset.objects.filter(status=AssetStatus.RESERVED).count() == 2
    line = line_of(shop, advance)
    assert (line.state, line.reserved, line.short) == ("reserved", 2, 0)


def test_short_stock_refuses_the_approval_and_changes_nothing(shop):
    advance = advance_for(shop, spots(5))
    with pytest.raises(Conflict, match="short by 2"):
        services.approve_advance(advance, actor=shop.user(Role.GLADIATOR))
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
    assert not Reservation.objects.exists() and not StockReservation.objects.exists()


def test_the_reviewer_may_approve_taking_only_what_is_free(shop):
    advance = advance_for(shop, spots(5))
    with stock.taking_free_stock():
        services.approve_advance(advance, actor=shop.user(Role.GLADIATOR))
    advance.refresh_from_db()
    assert advance.status == S.APPROVED
    line = line_of(shop, advance)
    assert (line.state, line.reserved, line.short) == ("short", 3, 2)


def test_the_approve_form_offers_the_choice_and_honours_it(shop, client):
    advance = advance_for(shop, spots(5))
    client.force_login(shop.user(Role.GLADIATOR))
    url = reverse("advancing:action", args=[advance.pk, "approve"])
    page = client.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert 'name="take_free_stock"' in page
    refused = client.post(url, {"note": ""})
    assert refused.status_code == 409 and "hire the rest" in refused.content.decode()
    assert client.post(url, {"note": "", "take_free_stock": "1"}).status_code == 302
    assert StockReservation.objects.get(item__advance=advance).assets == 3


# --- hire the rest --------------------------------------------------------------------------------
def test_hire_the_rest_moves_the_shortfall_to_a_hire_line(shop, client):
    advance = advance_for(shop, spots(5))
    original = advance.items.get()
    client.force_login(shop.user(Role.GLADIATOR))
    page = client.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert f'data-testid="hire-{original.pk}"' in page
    response = client.post(reverse("advancing:hire_the_rest", args=[advance.pk, original.pk]))
    assert response.status_code == 302
    original.refresh_from_db()
    hired = advance.items.exclude(pk=original.pk).get()
    assert (original.quantity, original.procurement) == (Decimal("3"), Procurement.NONE)
    assert (hired.quantity, hired.procurement, hired.unit_cost) == (Decimal("2"), Procurement.HIRE, Decimal("100"))
    advance.refresh_from_db()
    assert advance.estimated_cost == Decimal("500.00")  # the same money, split over two lines
    # Now the stock covers the in-house line: approving reserves it without asking.
    services.approve_advance(advance, actor=shop.user(Role.GLADIATOR))
    assert StockReservation.objects.get(item=original).assets == 3


def test_hire_the_rest_flips_the_whole_line_when_nothing_is_free(shop):
    for head in shop.heads:
        book(head, *SHOW)
    advance = advance_for(shop, spots(2))
    hired = stock.hire_the_rest(advance, actor=shop.user(Role.GLADIATOR), item_id=advance.items.get().pk)
    assert (advance.items.count(), hired.procurement, hired.quantity) == (1, Procurement.HIRE, Decimal("2"))


def test_hire_the_rest_is_refused_when_nothing_is_short(shop, client):
    advance = advance_for(shop, spots(2))
    client.force_login(shop.user(Role.GLADIATOR))
    response = client.post(reverse("advancing:hire_the_rest", args=[advance.pk, advance.items.get().pk]))
    assert response.status_code == 400 and "nothing to hire" in response.content.decode()
    assert advance.items.count() == 1


def test_a_non_reviewer_may_not_hire_the_rest(shop, client):
    advance = advance_for(shop, spots(5))
    item = advance.items.get()
    client.force_login(advance.submitter)  # the crew member who asked (Deviator): sees it, may not review
    assert client.post(reverse("advancing:hire_the_rest", args=[advance.pk, item.pk])).status_code == 403
    assert 'data-testid="stock-' not in client.get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    api = APIClient()
    api.force_authenticate(Tenant("Bravo").user(Role.GLADIATOR))  # another organization: no such advance
    assert api.post(f"/api/advances/{advance.pk}/hire-the-rest", {"item_id": item.pk}).status_code == 404
    assert advance.items.count() == 1


# --- the API --------------------------------------------------------------------------------------
def test_the_review_api_shows_the_stock_approves_and_hires(shop):
    advance = advance_for(shop, spots(5))
    item = advance.items.get()
    api = APIClient()
    api.force_authenticate(shop.user(Role.GLADIATOR))
    detail = api.get(f"/api/advances/{advance.pk}").json()
    assert detail["stock"]["start_date"] == "2031-05-10"
    assert detail["stock"]["lines"][0] | {"clashes": []} == detail["stock"]["lines"][0]
    assert (detail["stock"]["lines"][0]["state"], detail["stock"]["lines"][0]["short"]) == ("short", 2)

    refused = api.post(f"/api/advances/{advance.pk}/approve", {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "conflict"

    hired = api.post(f"/api/advances/{advance.pk}/hire-the-rest", {"item_id": item.pk}, format="json")
    assert hired.status_code == 200, hired.json()
    assert [(i["quantity"], i["procurement"]) for i in hired.json()["items"]] == [("3.00", ""), ("2.00", "hire")]
    approved = api.post(f"/api/advances/{advance.pk}/approve", {}, format="json")
    assert approved.status_code == 200
    assert approved.json()["stock"]["lines"][0]["state"] == "reserved"


def test_the_api_approves_taking_what_is_free_when_asked(shop):
    advance = advance_for(shop, spots(4))
    api = APIClient()
    api.force_authenticate(shop.user(Role.GLADIATOR))
    response = api.post(f"/api/advances/{advance.pk}/approve", {"take_free_stock": True}, format="json")
    assert response.status_code == 200
    assert response.json()["stock"]["lines"][0]["reserved"] == 3


# --- the mapping ----------------------------------------------------------------------------------
def test_an_asset_manager_maps_a_catalog_item_on_the_stock_page(shop, client):
    manager = shop.user(Role.GLADIATOR)
    client.force_login(manager)
    url = reverse("advancing:stock_mapping")
    assert client.get(url).status_code == 200
    wash = CatalogItem.objects.get(item_id="TECH-1015")
    response = client.post(url, {"catalog_item": wash.pk, "asset_category": "Lighting", "factor": 2})
    assert response.status_code == 302
    assert StockMapping.objects.get(organization=shop.org, catalog_item=wash).factor == 2
    bad = client.post(url, {"catalog_item": wash.pk, "asset_category": "Catering", "factor": 1})
    assert bad.status_code == 400
    mapping = StockMapping.objects.get(catalog_item=wash)
    assert client.post(reverse("advancing:stock_mapping_delete", args=[mapping.pk])).status_code == 302
    assert not StockMapping.objects.filter(catalog_item=wash).exists()


def test_who_does_not_manage_assets_may_not_map(shop, client):
    client.force_login(shop.user(Role.RAIDER))
    assert client.get(reverse("advancing:stock_mapping")).status_code == 403
    mapping = StockMapping.objects.get(organization=shop.org)
    rival = Tenant("Bravo")
    client.force_login(rival.user(Role.GLADIATOR))
    assert client.post(reverse("advancing:stock_mapping_delete", args=[mapping.pk])).status_code == 404
    assert StockMapping.objects.filter(pk=mapping.pk).exists()


def test_the_review_queue_links_the_mapping_for_asset_managers_only(shop, client):
    client.force_login(shop.user(Role.GLADIATOR))
    assert 'data-testid="stock-mapping-link"' in client.get(reverse("advancing:review_queue")).content.decode()
    client.force_login(shop.user(Role.NAVIGATOR))  # reviews, does not manage assets
    assert 'data-testid="stock-mapping-link"' not in client.get(reverse("advancing:review_queue")).content.decode()
