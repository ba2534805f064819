"""In a real browser: an ops lead types "forklift" in the top bar, sees the hits appear as they type,
and opens one; without the dropdown, Enter opens the results page. Phone and desktop screenshots go
to artifacts/ (SEARCH_SHOTS names another folder)."""

import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant

from .helpers import forklift_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_forklift_in_the_top_bar_see_it_and_open_it(live_server, artifacts_dir):
    shots = os.environ.get("SEARCH_SHOTS", artifacts_dir)
    os.makedirs(shots, exist_ok=True)
    tenant = Tenant("Northwind")
    world = forklift_world(tenant)
    ops = tenant.user(Role.GLADIATOR)

    with chromium() as browser:
        page = logged_in_page(browser, live_server.url, ops, PASSWORD)
        page.fill("#topsearch-q", "forklift")
        dropdown = page.locator("[data-testid=search-dropdown]")
        dropdown.wait_for()
        assert dropdown.locator("mark").first.inner_text().lower() == "forklift"
        page.screenshot(path=os.path.join(shots, "dropdown-1280.png"))
        click_and_wait(page, dropdown.get_by_role("link", name="Forklift Festival"))
        assert page.url.endswith(f"/productions/{world['production'].pk}/")

        # Enter submits the plain form: the grouped results page.
        page.fill("#topsearch-q", "forklift")
        with page.expect_navigation():
            page.press("#topsearch-q", "Enter")
        assert "/search/?q=forklift" in page.url
        assert page.locator("[data-testid=group-task]").is_visible()
        page.screenshot(path=os.path.join(shots, "results-1280.png"), full_page=True)

        phone = logged_in_page(browser, live_server.url, ops, PASSWORD, viewport=PHONE)
        phone.goto(f"{live_server.url}/search/?q=forklift")
        assert no_horizontal_scroll(phone)
        phone.screenshot(path=os.path.join(shots, "results-375.png"), full_page=True)
        phone.fill("#topsearch-q", "forkl")
        phone.locator("[data-testid=search-dropdown]").wait_for()
        assert no_horizontal_scroll(phone)
        phone.screenshot(path=os.path.join(shots, "dropdown-375.png"))
