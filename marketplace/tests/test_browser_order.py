"""In a real browser on a 375 px phone: a buyer finds a listing in the market, orders the last unit and
sees the order placed; the page never scrolls sideways."""

import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from marketplace.models import Listing, Order

from .helpers import make_listing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_buyer_orders_the_last_unit_on_a_phone(live_server, artifacts_dir):
    seller, buyer = Tenant("Northstar"), Tenant("Bluewave")
    listing = make_listing(seller, "Moving head spot fixtures (used)", stock=1, price="950.00", kind="sale")
    with chromium() as browser:
        phone = logged_in_page(browser, live_server.url, buyer.user(Role.GLADIATOR), PASSWORD, viewport=PHONE)
        phone.goto(f"{live_server.url}/marketplace/?q=moving+head")
        assert no_horizontal_scroll(phone)
        click_and_wait(phone, f"a[href='/marketplace/listing/{listing.pk}/']")
        assert phone.locator("[data-testid=order-form]").count() == 1 and no_horizontal_scroll(phone)
        click_and_wait(phone, "[data-testid=order-form] button[type=submit]")
        assert phone.locator("[data-testid=order-status]").inner_text().strip() == "Placed"
        assert no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "marketplace-order-phone.png"))
    assert Order.objects.get().status == "placed"
    assert Listing.objects.get(pk=listing.pk).stock == 0
