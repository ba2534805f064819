"""In Chromium, the reviewer's stock story (issue 22): a line short of moving heads says so next to
it, one click hires the rest, approving reserves what the stock holds; the asset manager's mapping
page. At 1280 px and 375 px, with screenshots in the artifacts directory."""

import datetime
from decimal import Decimal

import pytest

from advancing.models import CatalogItem, StockMapping, StockReservation
from advancing.tests.helpers import S, make_advance
from assets.tests.helpers import book, make_asset
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import named, restore_migration_data
from productions.models import Production

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOW = (datetime.date(2031, 5, 10), datetime.date(2031, 5, 12))


def test_the_reviewer_hires_what_the_stock_lacks_and_approving_reserves_the_rest(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    reviewer = named(tenant.user(Role.GLADIATOR), "Sam", "Okafor")
    production = Production.objects.create(
        workspace=tenant.workspace, name="Aurora — Arena", start_date=SHOW[0], end_date=SHOW[1]
    )
    heads = [make_asset(tenant.workspace, f"LX-{i}", category="Lighting") for i in range(1, 5)]
    book(heads[0], *SHOW, production=production, notes="Support act rig")
    item = CatalogItem.objects.get(item_id="TECH-1014")
    StockMapping.objects.create(organization=tenant.org, catalog_item=item, asset_category="Lighting")
    advance = make_advance(
        tenant, S.SUBMITTED, items=[{"catalog_item": item, "quantity": Decimal("5"), "unit_cost": Decimal("90")}]
    )
    advance.production = production
    advance.save(update_fields=["production"])
    line = advance.items.get()
    base = live_server.url

    with chromium() as browser:
        for width, viewport in (("1280", None), ("375", PHONE)):
            kwargs = {"viewport": viewport} if viewport else {}
            page = logged_in_page(browser, base, reviewer, PASSWORD, **kwargs)
            page.goto(f"{base}/advancing/{advance.pk}/")
            stock = page.locator(f"[data-testid=stock-{line.pk}]")
            assert stock.get_attribute("data-state") == "clash"
            assert "short by 2" in stock.inner_text()
            assert "Clashes with" in stock.inner_text()
            assert no_horizontal_scroll(page)
            page.screenshot(path=f"{artifacts_dir}/stock-review-{width}.png", full_page=True)
            page.goto(f"{base}/advancing/stock-mapping/")
            assert no_horizontal_scroll(page)
            page.screenshot(path=f"{artifacts_dir}/stock-mapping-{width}.png", full_page=True)
            page.close()

        page = logged_in_page(browser, base, reviewer, PASSWORD)
        page.goto(f"{base}/advancing/{advance.pk}/")
        click_and_wait(page, f"[data-testid=hire-{line.pk}]")
        assert "to hire" in page.locator("body").inner_text()
        assert page.locator(f"[data-testid=stock-{line.pk}]").get_attribute("data-state") == "free"
        click_and_wait(page, page.locator("#approve-form").get_by_role("button", name="Approve"))
        assert page.locator(f"[data-testid=stock-{line.pk}]").get_attribute("data-state") == "reserved"
        page.screenshot(path=f"{artifacts_dir}/stock-approved-1280.png", full_page=True)
    assert StockReservation.objects.get(item=line).assets == 3
