"""In a real browser, on a 375 px phone and a 1280 px laptop: the list of day sheets and a sheet read
without sideways scrolling, by the production manager (everything) and by a runner called that day
(their call, the schedule and the venue). Screenshots go to artifacts/."""

import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import chromium, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"phone": {"width": 375, "height": 812}, "laptop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("size", list(SIZES))
def test_the_day_sheet_reads_on_a_phone_and_a_laptop(live_server, artifacts_dir, tenant_a, day, size):
    viewport = SIZES[size]
    with chromium() as browser:
        for who, user in (("manager", tenant_a.user(Role.GLADIATOR)), ("runner", day.runner)):
            page = logged_in_page(browser, live_server.url, user, PASSWORD, viewport=viewport)
            page.goto(f"{live_server.url}/daysheets/")
            assert "Aurora — Europe" in page.inner_text("[data-testid=daysheet-list]")
            assert no_horizontal_scroll(page), f"the list scrolls sideways at {viewport['width']} px"
            screenshot(page, os.path.join(artifacts_dir, f"daysheets-list-{who}-{size}.png"))
            page.click(f"[data-testid=daysheet-{day.production.pk}-{day.date.isoformat()}]")
            page.wait_for_selector("[data-testid=schedule]")
            assert "Headline set" in page.inner_text("[data-testid=schedule]")
            assert "Nightliner bay" in page.inner_text(f"[data-testid=venue-{day.venue.pk}]")
            assert no_horizontal_scroll(page), f"the sheet scrolls sideways at {viewport['width']} px"
            page.screenshot(path=os.path.join(artifacts_dir, f"daysheets-sheet-{who}-{size}.png"), full_page=True)
            if who == "manager":  # the production page's Day sheets tab
                page.goto(f"{live_server.url}/productions/{day.production.pk}/daysheets/")
                assert "Columbiahalle" in page.inner_text("[data-testid=daysheet-list]")
                assert no_horizontal_scroll(page), f"the tab scrolls sideways at {viewport['width']} px"
                screenshot(page, os.path.join(artifacts_dir, f"daysheets-production-tab-{size}.png"))
            page.close()
