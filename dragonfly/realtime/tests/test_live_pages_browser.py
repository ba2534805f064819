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


def test_a_check_in_at_one_door_updates_the_count_at_the_other_and_the_run_of_show_names_its_viewers(artifacts_dir):
    import uuid

    from guests.tests.helpers import approved_guest, make_allotment, make_show

    restore_migration_data()
    tenant = Tenant("Acme")
    steward = named(tenant.user(Role.DEVIATOR), "Sam", "Door")
    other = named(tenant.user(Role.NAVIGATOR), "Dana", "Scully")
    event, _zones = make_show(tenant)
    guest = approved_guest(tenant, make_allotment(tenant, event), "Jo Fan", plus_ones=1)
    base = live_asgi_url()

    with chromium() as browser:
        a = logged_in_page(browser, base, steward, PASSWORD)
        b = logged_in_page(browser, base, other, PASSWORD, viewport=PHONE)
        for page in (a, b):
            page.goto(f"{base}/guests/event/{event.pk}/door/")
            wait_live(page)
        b.evaluate("window.__notReloaded = true")
        assert b.inner_text("[data-testid=door-checked-in]") == "0"
        token = next(c["value"] for c in a.context.cookies() if c["name"] == "csrftoken")
        answer = a.request.post(
            f"{base}/guests/guest/{guest.pk}/check-in/",
            form={"plus_ones": "1", "idempotency_key": str(uuid.uuid4())},
            headers={"X-CSRFToken": token, "Referer": f"{base}/"},
        )
        assert answer.ok
        b.locator("[data-testid=door-checked-in]", has_text="2").wait_for(timeout=5_000)  # inside the old 10 s poll
        assert b.evaluate("window.__notReloaded") is True
        assert no_horizontal_scroll(b)
        screenshot(b, f"{artifacts_dir}/live-door-phone.png")
        b.set_viewport_size({"width": 1280, "height": 800})
        screenshot(b, f"{artifacts_dir}/live-door-desktop.png")

        for page in (a, b):
            page.goto(f"{base}/events/event/{event.pk}/run-of-show/live/")
            wait_live(page)
        b.locator("[data-testid=presence]", has_text="Sam Door").wait_for()
        assert b.inner_text("[data-testid=presence]") == "Also on this run of show now: Sam Door"
        screenshot(b, f"{artifacts_dir}/live-run-of-show-presence-desktop.png")
        b.set_viewport_size(PHONE)
        assert no_horizontal_scroll(b)
        screenshot(b, f"{artifacts_dir}/live-run-of-show-presence-phone.png")
