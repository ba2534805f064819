"""In a real browser, on a 390 px phone: the stage manager calls the first cue standby → go → done,
two minutes late, sees the next cue's projected time move by those two minutes, and after the show
reads the record. The show's clock is set by the test (events.services.clock), so the late go is
exact. Screenshots go to artifacts/."""

import datetime
import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import chromium, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from events.models import Cue
from events.services import add_cue, clock
from productions.tests.helpers import at, make_event, make_location

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
M = datetime.timedelta(minutes=1)


def test_the_stage_manager_calls_the_show_on_a_phone(live_server, artifacts_dir, monkeypatch):
    tenant = Tenant("Northwind")
    manager = tenant.user(Role.GLADIATOR)
    venue = make_location(tenant, "Columbiahalle", tz="Europe/Berlin")
    day = datetime.date.today() + datetime.timedelta(days=2)
    show = make_event(
        tenant, "Aurora Berlin", start=at("Europe/Berlin", day.year, day.month, day.day, 20, 0), location=venue
    )
    for item, minutes, owner in (
        ("Support act", "30", "Stage left"),
        ("Changeover", "20", "Crew"),
        ("Headliner", "90", ""),
    ):
        add_cue(show, actor=manager, item=item, duration=minutes, owner=owner, department="stage")
    now = {"at": show.starts_at - M}
    monkeypatch.setattr(clock, "show_clock", lambda: now["at"])
    url = f"{live_server.url}/events/event/{show.pk}/run-of-show/live/"

    def call(button, at_minute):
        now["at"] = show.starts_at + at_minute * M
        with page.expect_navigation():
            page.click(f"[data-testid=call-{button}]")

    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        log_in(page, live_server.url, manager.username, PASSWORD)
        page.goto(url)
        assert "Support act" in page.inner_text("[data-testid=next-cue]")
        assert page.inner_text("[data-testid=next-projected]") == "20:00"

        call("standby", -1)
        assert "Standing by" in page.inner_text("[data-testid=next-cue]")
        call("go", 2)  # two minutes late
        current = page.inner_text("[data-testid=current-cue]")
        assert "Support act" in current and "Went 20:02" in current and "+2 min late" in current
        # the changeover is now next, projected from the support act's actual go
        assert "Changeover" in page.inner_text("[data-testid=next-cue]")
        assert page.inner_text("[data-testid=next-projected]") == "20:32"
        assert page.inner_text("[data-testid=next-drift]") == "+2 min late"
        assert "+2 min late" in page.inner_text("[data-testid=show-drift]")
        assert no_horizontal_scroll(page), "the call page scrolls sideways on a phone"
        page.screenshot(path=os.path.join(artifacts_dir, "events-call-page-phone.png"), full_page=True)

        call("done", 32)
        assert page.locator("[data-testid=current-cue]").count() == 0
        assert page.inner_text("[data-testid=next-projected]") == "20:32"
        assert "Changeover" in page.inner_text("[data-testid=next-cue]")
        support = Cue.objects.get(item="Support act")
        assert (support.status, support.actual_start, support.actual_end) == (
            "done",
            show.starts_at + 2 * M,
            show.starts_at + 32 * M,
        )

        # after the show: the record, planned against actual, with no buttons left
        now["at"] = show.ends_at + clock.CALL_GRACE
        page.goto(url)
        assert "Show record" in page.inner_text("[data-testid=show-drift]")
        assert page.locator("[data-testid^=call-]").count() == 0
        first = page.inner_text("[data-testid=row-1]")
        assert "20:02" in first and "planned 20:00–20:30" in first and "ended 20:32" in first
        assert "+2 min late" in first
        # the cues never called are kept as such, and the show's drift is that of what was called
        assert "not called" in page.inner_text("[data-testid=row-2]")
        assert "+2 min late · ended 20:32" in page.inner_text("[data-testid=show-drift]")
        assert no_horizontal_scroll(page), "the record scrolls sideways on a phone"
        page.screenshot(path=os.path.join(artifacts_dir, "events-call-record-phone.png"), full_page=True)
