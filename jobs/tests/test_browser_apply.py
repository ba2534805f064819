"""In a real browser on a 375 px phone: a crew member of another organization opens the job board,
opens a public posting and applies; the page then says they applied."""

import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from people.models import Application

from .helpers import make_posting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applying_from_the_job_board_on_a_phone(live_server, artifacts_dir):
    acme, bravo = Tenant("Acme"), Tenant("Bravo")
    posting = make_posting(acme, title="Follow-spot operator", certifications=["working_at_height"])
    riley = bravo.user(Role.RAIDER)
    with chromium() as browser:
        phone = logged_in_page(browser, live_server.url, riley, PASSWORD, viewport=PHONE)
        phone.goto(f"{live_server.url}/jobs/")
        assert no_horizontal_scroll(phone)
        click_and_wait(phone, f"[data-testid=posting-{posting.pk}] a")
        assert "Working at height" in phone.content() and no_horizontal_scroll(phone)
        phone.fill("textarea[name=note]", "Two arena tours on spots.")
        click_and_wait(phone, "#apply button[type=submit]")
        assert phone.locator("[data-testid=applied]").count() == 1 and no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "jobs-apply-phone.png"))
    application = Application.objects.get()
    assert application.opening_id == posting.opening_id and application.notes == "Two arena tours on spots."
