"""On a phone: a crew member adds a moving head from the catalog and is offered the road case the
catalog says goes with it; one tap adds it as a line, and the suggestion goes away."""

import re

import pytest

from advancing.models import Advance
from advancing.suggestions import refresh_pairings
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant

from .test_e2e_browser import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_suggested_accessory_is_one_tap_away_on_a_phone(live_server, transactional_db, artifacts_dir):
    restore_migration_data()
    refresh_pairings()
    tenant = Tenant("Acme")
    raider = tenant.user(Role.RAIDER)

    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, raider.username, PASSWORD)
        page.goto(f"{live_server.url}/advancing/w/{tenant.org.slug}/{tenant.workspace.slug}/new/")
        page.fill("#id_activation_name", "Opening night")
        page.locator("#catalog-q").press_sequentially("moving head spot", delay=30)
        page.locator("#picker-results [data-pick]", has_text="Moving Head Spot Fixture").first.click()

        suggestion = page.locator("#suggestions [data-pick]", has_text="Road Case / Work Box")
        suggestion.wait_for()
        assert "Catalog accessory" in suggestion.inner_text()
        page.screenshot(path=f"{artifacts_dir}/advancing-suggestions-phone.png", full_page=True)
        assert no_horizontal_scroll(page)

        suggestion.click()
        names = page.locator("#lines [data-line] [name$='-name']")
        assert [names.nth(i).input_value() for i in range(names.count())] == [
            "Moving Head Spot Fixture",
            "Road Case / Work Box",
        ]
        page.locator("#suggestions [data-pick]", has_text="Road Case").wait_for(state="detached")

        page.get_by_role("button", name="Save draft").click()
        page.wait_for_url(re.compile(r"/advancing/\d+/$"))
    advance = Advance.objects.get(submitter=raider)
    assert [i.catalog_item.item_id for i in advance.items.order_by("position")] == ["TECH-1014", "EQUIP-1010"]
