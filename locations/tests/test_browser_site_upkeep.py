"""In a real browser, on a 375 px phone and a desktop: a crew lead marks an ongoing outage over from the
utility page (the form opens with the venue's time now), and a manager sees the edit and remove buttons
of a utility and a site map; no page scrolls sideways."""

import datetime
import os

import pytest
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from locations import services
from locations.models import Outage

from .helpers import make_location, make_site_map, make_utility, make_zone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_marking_an_outage_over_on_a_phone_and_the_upkeep_buttons(live_server, artifacts_dir):
    tenant = Tenant("Northwind")
    manager, crew = tenant.user(Role.GLADIATOR), tenant.user(Role.DEVIATOR)
    site = make_location(tenant, "Harbor Field", kind="field")
    power = make_utility(site, supplier="Eversource", meter_unit="kWh")
    started = timezone.now() - datetime.timedelta(hours=3)
    services.report_outage(
        power, actor=crew, started_at=started, ended_at=started + datetime.timedelta(minutes=40), description="Storm"
    )
    services.report_outage(
        power, actor=crew, started_at=timezone.now() - datetime.timedelta(hours=1), description="Distro"
    )
    site_map = make_site_map(site, manager)
    make_zone(site_map, "Main Stage")
    utility_url = f"{live_server.url}/events/utility/{power.pk}/"
    with chromium() as browser:
        phone = browser.new_page(viewport=PHONE)
        log_in(phone, live_server.url, crew.username, PASSWORD)
        phone.goto(utility_url)
        phone.click("summary:has-text('Outage over')")
        assert phone.locator("input[name^=end-][name$=ended_at]").input_value()  # now, on the venue's clock
        assert no_horizontal_scroll(phone)
        phone.screenshot(path=os.path.join(artifacts_dir, "outage-over-phone.png"), full_page=True)
        click_and_wait(phone, "button:has-text('Mark it over')")
        assert "lasted" in phone.locator("[data-testid=outages]").inner_text()
        desktop = browser.new_page(viewport=DESKTOP)
        log_in(desktop, live_server.url, manager.username, PASSWORD)
        desktop.goto(utility_url)
        assert desktop.locator("a:has-text('Edit')").count() and desktop.locator("button:has-text('Remove')").count()
        desktop.screenshot(path=os.path.join(artifacts_dir, "utility-desktop.png"), full_page=True)
        desktop.goto(f"{live_server.url}/events/site-map/{site_map.pk}/")
        desktop.click("summary:has-text('Rename')")
        desktop.screenshot(path=os.path.join(artifacts_dir, "site-map-upkeep-desktop.png"), full_page=True)
        manager_phone = browser.new_page(viewport=PHONE)
        log_in(manager_phone, live_server.url, manager.username, PASSWORD)
        for url, name in (
            (utility_url, "utility-phone.png"),
            (f"{live_server.url}/events/site-map/{site_map.pk}/", "site-map-upkeep-phone.png"),
        ):
            manager_phone.goto(url)
            assert no_horizontal_scroll(manager_phone)
            manager_phone.screenshot(path=os.path.join(artifacts_dir, name), full_page=True)
    assert not Outage.objects.filter(ended_at__isnull=True).exists()
