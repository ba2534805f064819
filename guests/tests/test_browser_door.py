"""In a real browser on a 375 px phone: a steward at the door searches a guest by name, checks them in
with their plus-ones, and the counts follow; the form carries its own idempotency key (filled by
static/js/guest_door.js, no inline script). The manager's guest list and badges pages are looked at
on a phone and a desktop too; no page scrolls sideways."""

import os
import re

import pytest

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
from guests import badges, services
from guests.models import GuestRequest

from .helpers import approved_guest, make_allotment, make_show

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_a_steward_checks_a_guest_in_on_a_phone(live_server, artifacts_dir):
    tenant = Tenant("Northwind")
    event, zones = make_show(tenant, "Aurora Live at the Columbiahalle")
    allotment = make_allotment(tenant, event, party="Aurora (headliner)", places=10, user=tenant.user(Role.RAIDER))
    jo = approved_guest(tenant, allotment, "Johanna Fanfare-Longname", plus_ones=2)
    approved_guest(tenant, allotment, "Kim Lee")
    manager = tenant.user(Role.GLADIATOR)
    services.request_guest(actor=manager, allotment=allotment, name="Waiting Wanda", plus_ones=1)
    badges.accredit(actor=manager, event=event, name="Alex Rigger", role="Head rigger", zones=list(zones.values()))
    steward = tenant.user(Role.DEVIATOR)
    with chromium() as browser:
        phone = logged_in_page(browser, live_server.url, steward, PASSWORD, viewport=PHONE)
        phone.goto(f"{live_server.url}/guests/event/{event.pk}/door/")
        assert phone.locator("[data-testid=door-checked-in]").inner_text() == "0"
        assert phone.locator("[data-testid=door-expected]").inner_text() == "4"
        phone.fill("[data-testid=door-search]", "johan")
        phone.wait_for_selector(f"[data-testid=door-guest-{jo.pk}]")
        form = phone.locator(f"[data-testid=door-guest-{jo.pk}] form[data-offline]")
        key = form.locator("input[name=idempotency_key]").input_value()
        assert UUID.match(key), key
        assert no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "guests-door-search-phone.png"))
        click_and_wait(phone, f"[data-testid=check-in-{jo.pk}]")
        assert phone.locator(f"[data-testid=door-in-{jo.pk}]").is_visible()
        assert phone.locator("[data-testid=door-checked-in]").inner_text() == "3"
        assert no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "guests-door-checked-in-phone.png"))
        # Checking in again counts once.
        click_and_wait(phone, f"[data-testid=check-in-{jo.pk}]")
        assert phone.locator("[data-testid=door-checked-in]").inner_text() == "3"
        # More plus-ones than the guest has (the field's max bypassed): refused on the door page, nothing counted.
        phone.locator(f"#plus-{jo.pk}").evaluate("input => { input.removeAttribute('max'); input.value = '5'; }")
        click_and_wait(phone, f"[data-testid=check-in-{jo.pk}]")
        assert "may bring 2 plus-ones, not 5" in phone.locator(".msg.error").inner_text()
        assert phone.locator("[data-testid=door-checked-in]").inner_text() == "3"
        assert no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "guests-door-refused-phone.png"))
        phone.set_viewport_size(DESKTOP)
        screenshot(phone, os.path.join(artifacts_dir, "guests-door-refused-desktop.png"))
        phone.close()
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page = logged_in_page(browser, live_server.url, manager, PASSWORD, viewport=viewport)
            for slug, url in (
                ("list", f"/guests/event/{event.pk}/"),
                ("badges", f"/guests/event/{event.pk}/badges/"),
                ("pass", f"/guests/guest/{jo.pk}/pass/"),
                ("door", f"/guests/event/{event.pk}/door/?q=a"),
            ):
                page.goto(live_server.url + url)
                assert no_horizontal_scroll(page), (slug, name)
                screenshot(page, os.path.join(artifacts_dir, f"guests-{slug}-{name}.png"))
            page.close()
    jo = GuestRequest.objects.get(pk=jo.pk)
    assert jo.checked_in_at is not None and jo.plus_ones_in == 2 and jo.check_ins.count() == 2
