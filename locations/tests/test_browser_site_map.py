"""In a real browser: a production manager clicks on a site plan to place a pin and drags across it
to mark a zone (static/js/site_map.js fills the form), on a desktop and on a 375 px phone."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from locations import services
from locations.models import Zone

from .helpers import make_location

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def real_plan():
    out = io.BytesIO()
    Image.new("RGB", (800, 400), "#d9ead3").save(out, format="PNG")
    return SimpleUploadedFile("plan.png", out.getvalue(), content_type="image/png")


def test_placing_a_pin_and_a_zone_by_clicking_on_the_plan(live_server, artifacts_dir):
    tenant = Tenant("Northwind")
    manager = tenant.user(Role.GLADIATOR)
    site = make_location(tenant, "Harbor Field", kind="field")
    site_map = services.add_site_map(site, actor=manager, name="Festival site", upload=real_plan())
    url = f"{live_server.url}/events/site-map/{site_map.pk}/"
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, manager.username, PASSWORD)
        page.goto(url)
        plan = page.locator("[data-site-map-plan]")
        box = plan.bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.5)
        assert page.locator("[data-zone-form] [name=kind]").input_value() == "pin"
        assert abs(float(page.locator("[data-zone-form] [name=x]").input_value()) - 0.25) < 0.01
        page.fill("[data-zone-form] [name=name]", "First aid")
        click_and_wait(page, "[data-zone-form] button[type=submit]")
        page.goto(url)  # the saved page opens at the new pin's line; start from the top again
        box = plan.bounding_box()
        page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.6, steps=5)
        page.mouse.up()
        assert page.locator("[data-zone-form] [name=kind]").input_value() == "area"
        page.fill("[data-zone-form] [name=name]", "Artist village")
        click_and_wait(page, "[data-zone-form] button[type=submit]")
        assert page.locator("polygon.site-map-zone").count() == 1 and page.locator("line.site-map-pin").count() == 1
        page.screenshot(path=os.path.join(artifacts_dir, "site-map-desktop.png"), full_page=True)
        phone = browser.new_page(viewport=PHONE)
        log_in(phone, live_server.url, manager.username, PASSWORD)
        phone.goto(url)
        assert no_horizontal_scroll(phone)
        phone.screenshot(path=os.path.join(artifacts_dir, "site-map-phone.png"), full_page=True)
    pin, zone = Zone.objects.get(name="First aid"), Zone.objects.get(name="Artist village")
    assert pin.kind == "pin" and abs(pin.points[0][0] - 0.25) < 0.01 and abs(pin.points[0][1] - 0.5) < 0.01
    (x0, y0), (x1, _), (_, y2), _ = zone.points
    assert zone.kind == "area" and abs(x0 - 0.5) < 0.01 and abs(y0 - 0.2) < 0.01
    assert abs(x1 - 0.8) < 0.01 and abs(y2 - 0.6) < 0.01
