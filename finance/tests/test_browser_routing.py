"""In Chromium: the procurement reviewer opens an approved advance's vendor routing, sees the draft at
the agreement rate and the unrouted line, routes that line to a vendor and confirms a draft; the
preferred vendors page and the routing page read on a phone without sideways scrolling. Screenshots
go to the artifacts directory (`ARTIFACTS_DIR`)."""

import datetime
import os
from decimal import Decimal

import pytest

from advancing import services as advancing
from advancing.models import CatalogItem
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from finance import services
from finance.models import PurchaseOrder, PurchaseOrderStatus
from finance.services import routing
from locations.models import Location
from productions.models import Production

from .test_browser import Shots, named, restore_migration_data

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _line(category, name, quantity, cost, procurement):
    item = CatalogItem.objects.filter(category=category).order_by("item_id").first()
    return {
        "catalog_item": item,
        "name": name,
        "quantity": Decimal(quantity),
        "unit": item.standard_unit,
        "unit_cost": Decimal(cost),
        "procurement": procurement,
    }


def test_reviewer_routes_an_unrouted_line_and_confirms_a_draft(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    ops = named(tenant.user(Role.GLADIATOR), "Sam", "Okafor")
    crew = named(tenant.user(Role.DEVIATOR), "Riley", "Chen")
    hall = Location.objects.create(workspace=tenant.workspace, name="Olympiahalle", city="Munich")
    production = Production.objects.create(workspace=tenant.workspace, name="Aurora — Arena Tour", venue=hall)
    sound = services.create_company(actor=ops, workspace=tenant.workspace, name="Stage Sound Ltd", kind="vendor")
    services.create_company(actor=ops, workspace=tenant.workspace, name="Print & Pass GmbH", kind="vendor")
    for category in ("Technical", "Staffing"):
        routing.create_preferred_vendor(actor=ops, workspace=tenant.workspace, vendor=sound, category=category)
    today = datetime.date.today()
    services.agreements.create_agreement(
        actor=ops,
        workspace=tenant.workspace,
        vendor=sound,
        title="Audio hire rates",
        valid_from=today - datetime.timedelta(days=10),
        valid_to=today + datetime.timedelta(days=300),
        rates=[{"description": "Line array PA system, per day", "unit_price": "2650.00"}],
    )
    advance = advancing.create_advance(
        actor=crew,
        workspace=tenant.workspace,
        production=production,
        activation_name="Opening night",
        items=[
            _line("Technical", "Line array PA system, per day", "3", "2800", "hire"),
            _line("Staffing", "Stagehand with a very long descriptive name for the phone", "12", "200", "hire"),
            _line("Printing", "Backstage pass lanyards", "200", "1.20", "buy"),
        ],
    )
    advancing.submit_advance(advance, actor=crew)
    advancing.approve_advance(advance, actor=ops)
    shot = Shots(artifacts_dir)
    base = live_server.url

    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.set_default_timeout(10_000)
        log_in(page, base, ops.username, PASSWORD)
        page.goto(f"{base}/finance/advance/{advance.pk}/routing/")
        assert "Backstage pass lanyards" in page.locator("[data-testid=unrouted]").inner_text()
        order = page.locator("[data-testid=routed-order]")
        assert "agreement rate" in order.inner_text() and "no agreement rate" in order.inner_text()
        shot(page, "routing")

        unrouted = page.locator("[data-testid=unrouted] form")
        unrouted.locator("select").select_option(label="Print & Pass GmbH")
        click_and_wait(page, unrouted.locator("button"))
        assert "Every line to buy or hire has a vendor." in page.locator("[data-testid=unrouted]").inner_text()
        assert PurchaseOrder.objects.filter(advance=advance, vendor=None).count() == 0

        first = page.locator("[data-testid=routed-order]").filter(has=page.locator("h2", has_text="Stage Sound Ltd"))
        click_and_wait(page, first.get_by_role("button", name="Confirm and send for approval"))
        assert PurchaseOrder.objects.get(advance=advance, vendor=sound).status == PurchaseOrderStatus.PENDING_APPROVAL
        shot(page, "routing-confirmed")

        page.goto(f"{base}/finance/w/{tenant.org.slug}/{tenant.workspace.slug}/preferred-vendors/")
        assert page.locator("[data-testid=preferred-vendor]").count() == 2
        shot(page, "preferred-vendors")
        page.goto(f"{base}/finance/w/{tenant.org.slug}/{tenant.workspace.slug}/preferred-vendors/new/")
        shot(page, "preferred-vendor-form")

        phone = browser.new_page(viewport=PHONE)
        phone.set_default_timeout(10_000)
        log_in(phone, base, ops.username, PASSWORD)
        for name, url in [
            ("routing-phone", f"/finance/advance/{advance.pk}/routing/"),
            ("preferred-vendors-phone", f"/finance/w/{tenant.org.slug}/{tenant.workspace.slug}/preferred-vendors/"),
            (
                "preferred-vendor-form-phone",
                f"/finance/w/{tenant.org.slug}/{tenant.workspace.slug}/preferred-vendors/new/",
            ),
        ]:
            phone.goto(f"{base}{url}")
            shot(phone, name)
            assert no_horizontal_scroll(phone), name
