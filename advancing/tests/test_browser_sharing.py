"""In Chromium: a crew lead shares a draft with the artist's tour manager, who opens the link on a phone
(375 px), says who they are, answers a line with a new quantity and adds a catalog item, all inside
the screen; the crew's page then names them in the history."""

import pytest

from advancing.tests.helpers import make_advance
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import (
    DESKTOP,
    PHONE,
    chromium,
    click_and_wait,
    logged_in_page,
    no_horizontal_scroll,
    screenshot,
)
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_tour_manager_answers_a_shared_advance_on_a_phone(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    crew = tenant.user(Role.DEVIATOR)
    advance = make_advance(tenant, submitter=crew, activation="Main stage, night one")
    line = advance.items.get(name="Stagehands")
    base = live_server.url

    with chromium() as browser:
        office = logged_in_page(browser, base, crew, PASSWORD, viewport=DESKTOP)
        office.goto(f"{base}/advancing/{advance.pk}/")
        click_and_wait(office, office.get_by_test_id("share-advance"))
        office.fill("input[name=label]", "Tour manager, The Lumineers")
        office.fill("input[name=passcode]", "stage-left")
        office.check("input[name=shared_fields][value=notes]")
        click_and_wait(office, office.get_by_role("button", name="Create link"))
        link = office.input_value("#new-share-link")
        assert "/advancing/shared/" in link
        screenshot(office, f"{artifacts_dir}/share-links-desktop.png")
        office.set_viewport_size(PHONE)
        assert no_horizontal_scroll(office)
        screenshot(office, f"{artifacts_dir}/share-links-phone.png")

        phone = browser.new_page(viewport=PHONE)  # no account, no session
        phone.set_default_timeout(10_000)
        phone.goto(link)
        assert "Say who you are" in phone.inner_text("main")
        assert no_horizontal_scroll(phone)
        screenshot(phone, f"{artifacts_dir}/shared-welcome-phone.png")
        phone.fill("input[name=name]", "Robin Tourmanager")
        phone.fill("input[name=email]", "robin@lumineers.test")
        phone.fill("input[name=passcode]", "stage-left")
        click_and_wait(phone, phone.get_by_role("button", name="Open the advance"))
        assert "Answering as Robin Tourmanager" in phone.inner_text("main")
        assert phone.locator("nav").count() == 0  # no navigation into the app

        card = phone.get_by_test_id(f"shared-line-{line.pk}")
        card.locator("textarea").fill("We bring our own mic package")
        card.locator("input[name$=quantity]").fill("6")
        click_and_wait(phone, card.get_by_role("button", name="Save answer"))
        assert "Your answer on “Stagehands” is saved." in phone.inner_text("main")
        assert "We bring our own mic package" in phone.get_by_test_id(f"shared-line-{line.pk}").inner_text()

        phone.fill("#catalog-q", "forklift")
        click_and_wait(phone, phone.get_by_role("button", name="Search"))
        results = phone.get_by_test_id("catalog-results")
        first = results.locator("li").first
        click_and_wait(phone, first.get_by_role("button", name="Add"))
        assert "is added to the advance" in phone.inner_text("main")
        assert no_horizontal_scroll(phone)
        screenshot(phone, f"{artifacts_dir}/shared-advance-phone.png")
        phone.set_viewport_size(DESKTOP)
        screenshot(phone, f"{artifacts_dir}/shared-advance-desktop.png")

        office.set_viewport_size(DESKTOP)
        office.goto(f"{base}/advancing/{advance.pk}/")
        history = office.locator("#advance-history").inner_text()
        assert "external: Robin Tourmanager, robin@lumineers.test" in history
        assert "We bring our own mic package" in office.get_by_test_id(f"line-{line.pk}").inner_text()
        screenshot(office, f"{artifacts_dir}/shared-advance-crew-view.png")

    line.refresh_from_db()
    assert line.quantity == 6
    assert advance.items.count() == 3
