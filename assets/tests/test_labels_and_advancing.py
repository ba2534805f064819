"""QR labels open the asset page; Equipment advance lines show how many matching assets are free."""

import datetime
import re
from decimal import Decimal

import pytest
import qrcode
from django.template import Context, Template
from django.test import RequestFactory

from advancing.models import Advance, AdvanceItem, CatalogItem
from assets.labels import qr_svg
from assets.models import AssetStatus
from assets.selectors import free_assets_for_advance_item
from dragonfly.tenancy.roles import Role
from people.tests.helpers import make_production

from .helpers import book, make_asset

D = datetime.date


def test_the_qr_code_encodes_the_url_locally():
    svg = str(qr_svg("http://testserver/assets/asset/42/"))
    assert svg.startswith("<svg") and "<path" in svg
    # the same data gives the same modules: the code carries exactly this URL
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=2)
    code.add_data("http://testserver/assets/asset/42/")
    code.make(fit=True)
    assert str(qr_svg("http://testserver/assets/asset/42/")) == svg
    assert code.modules_count in (21, 25, 29, 33)


@pytest.mark.django_db
def test_label_page_points_at_the_asset_page_and_scanning_needs_a_login(tenant_a, login, client):
    asset = make_asset(tenant_a.workspace, "LX-042", "Moving head")
    page = login(tenant_a.user(Role.PASSENGER)).get(f"/assets/asset/{asset.pk}/label/")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="label-LX-042"' in html and "<svg" in html
    client.logout()
    scanned = client.get(f"/assets/asset/{asset.pk}/")
    assert scanned.status_code == 302 and scanned["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_sheet_of_labels_for_the_filtered_list(tenant_a, login):
    ws = tenant_a.workspace
    for i in range(3):
        make_asset(ws, f"LX-{i}", category="Lighting")
    make_asset(ws, "AU-1", category="Audio")
    html = (
        login(tenant_a.user(Role.GLADIATOR))
        .get(f"/assets/w/{ws.organization.slug}/{ws.slug}/labels/?category=Lighting")
        .content.decode()
    )
    assert len(re.findall(r'data-testid="label-', html)) == 3 and "AU-1" not in html


@pytest.fixture
def advance_world(tenant_a):
    ws = tenant_a.workspace
    show = make_production(ws, "Main stage", start_date=D(2027, 6, 10), end_date=D(2027, 6, 12))
    catalog = CatalogItem.objects.filter(category="Equipment").first() or CatalogItem.objects.create(
        item_id="EQUIP-9999", category="Equipment", subcategory="Lifts", name="Scissor lift", standard_unit="Per Day"
    )
    other = CatalogItem.objects.exclude(category="Equipment").first() or CatalogItem.objects.create(
        item_id="HOSP-9999", category="Hospitality", subcategory="Catering", name="Lunch", standard_unit="Per Person"
    )
    advance = Advance.objects.create(
        organization=tenant_a.org,
        workspace=ws,
        production=show,
        submitter=tenant_a.user(Role.RAIDER),
        status="submitted",
    )
    line = AdvanceItem.objects.create(
        advance=advance, catalog_item=catalog, name=catalog.name, quantity=3, unit="Per Day", unit_cost=Decimal("100")
    )
    food = AdvanceItem.objects.create(
        advance=advance, catalog_item=other, name=other.name, quantity=10, unit="Per Person"
    )
    units = [
        make_asset(tenant_a.other_workspace, f"EQ-{i}", catalog.name, "Lifts", catalog_item=catalog) for i in range(4)
    ]
    make_asset(ws, "EQ-X", catalog.name, "Lifts", catalog_item=catalog, status=AssetStatus.RETIRED)
    return {"line": line, "food": food, "units": units, "show": show, "tenant": tenant_a}


@pytest.mark.django_db
def test_free_matching_assets_for_the_production_dates(advance_world, tenant_b):
    line, units = advance_world["line"], advance_world["units"]
    assert free_assets_for_advance_item(line) == 4
    book(units[0], D(2027, 6, 12), D(2027, 6, 14))  # overlaps the last show day
    book(units[1], D(2027, 6, 13), D(2027, 6, 20))  # after the show: still free
    units[2].status = AssetStatus.MAINTENANCE
    units[2].save()
    assert free_assets_for_advance_item(line) == 2
    assert free_assets_for_advance_item(advance_world["food"]) is None  # not an Equipment line
    # another organization's assets never count
    make_asset(tenant_b.workspace, "EQ-B", line.name, "Lifts", catalog_item=line.catalog_item)
    assert free_assets_for_advance_item(line) == 2


@pytest.mark.django_db
def test_no_dates_no_answer(advance_world):
    show = advance_world["show"]
    show.start_date = show.end_date = None
    show.save()
    assert free_assets_for_advance_item(advance_world["line"]) is None


@pytest.mark.django_db
def test_the_include_for_the_advancing_review_page(advance_world):
    tenant = advance_world["tenant"]
    request = RequestFactory().get("/")
    request.user = tenant.user(Role.GLADIATOR)
    template = Template("{% load assets_tags %}{% advance_item_availability item %}")
    html = template.render(Context({"request": request, "item": advance_world["line"]}))
    assert "4 free" in html and "10 Jun–12 Jun" in html
    assert template.render(Context({"request": request, "item": advance_world["food"]})).strip() == ""
    # the submitter (a Raider, no reviewer and no asset reader) sees nothing
    request.user = tenant.user(Role.RAIDER)
    assert template.render(Context({"request": request, "item": advance_world["line"]})).strip() == ""


@pytest.mark.django_db
def test_reviewer_sees_free_assets_on_the_advance_page(advance_world, login):
    tenant, line = advance_world["tenant"], advance_world["line"]
    html = login(tenant.user(Role.GLADIATOR)).get(f"/advancing/{line.advance_id}/").content.decode()
    assert "4 free" in html
    html = login(tenant.user(Role.RAIDER)).get(f"/advancing/{line.advance_id}/").content.decode()
    assert "4 free" not in html
