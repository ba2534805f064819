"""In Chromium, two people on one production: a task one adds shows in the other's open task list
without a reload, and each sees the other on the production's page. Screenshots at 1280 and 375 px."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.asgi import live_asgi_url
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import named, restore_migration_data

from .test_live_browser import wait_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_task_added_by_one_shows_in_the_others_open_list_and_both_see_each_other(artifacts_dir):
    from productions.tests.helpers import make_production

    restore_migration_data()
    tenant = Tenant("Acme")
    dana = named(tenant.user(Role.GLADIATOR), "Dana", "Scully")
    bo = named(tenant.user(Role.PASSENGER), "Bo", "Reyes")  # crew: reads the production, adds nothing
    production = make_production(tenant, "Aurora Tour")
    base = live_asgi_url()

    with chromium() as browser:
        a = logged_in_page(browser, base, dana, PASSWORD)
        b = logged_in_page(browser, base, bo, PASSWORD)
        for page in (a, b):
            page.goto(f"{base}/productions/{production.pk}/tasks/")
            wait_live(page)
        b.evaluate("window.__notReloaded = true")
        assert b.locator("[data-testid=task-list] li").count() == 0

        # Both have the production open: each is named to the other, not to themselves.
        b.locator("[data-testid=presence]", has_text="Dana Scully").wait_for()
        assert b.inner_text("[data-testid=presence]") == "Also looking at this production now: Dana Scully"
        a.locator("[data-testid=presence]", has_text="Bo Reyes").wait_for()

        a.fill("#new-task input[name=title]", "Rig the truss")
        click_and_wait(a, a.locator("#new-task").get_by_role("button", name="Add task"))
        b.locator("[data-testid=task-list] li", has_text="Rig the truss").wait_for(timeout=5_000)
        assert b.evaluate("window.__notReloaded") is True
        screenshot(b, f"{artifacts_dir}/live-tasks-desktop.png")

        b.goto(f"{base}/productions/{production.pk}/")  # the overview: its activity refreshes too
        wait_live(b)
        b.evaluate("window.__notReloaded = true")
        a.goto(f"{base}/productions/{production.pk}/edit/")
        a.fill("input[name=name]", "Aurora Tour 2027")
        click_and_wait(a, a.locator("form").get_by_role("button", name="Save"))
        b.locator("[data-testid=production-history]", has_text="Dana Scully").wait_for(timeout=5_000)
        assert b.evaluate("window.__notReloaded") is True
        screenshot(b, f"{artifacts_dir}/live-production-desktop.png")
        b.set_viewport_size(PHONE)
        assert no_horizontal_scroll(b)
        screenshot(b, f"{artifacts_dir}/live-production-phone.png")
