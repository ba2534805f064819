"""In Chromium, at 375 and 1280 px: the public request for proposals pages as the requester's office
and as the bidding organization's manager — no sideways scroll on a phone, no serious or critical
axe finding. Screenshots go to the artifacts directory (`ARTIFACTS_DIR`)."""

import os

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.a11y import run_axe
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import restore_migration_data

from .rfp_helpers import draft_request, public_bid, public_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_request_pages_read_on_a_phone_and_pass_axe(live_server, artifacts_dir):
    restore_migration_data()
    requester, bidder = Tenant("Northstar"), Tenant("Bluewave")
    listing, *_ = public_request(requester)
    mine = public_bid(listing, bidder, "18500", "420")
    other, *_ = public_request(requester, title="Video wall for the arena dates")
    unpublished = draft_request(requester, title="Backline for the club shows")
    office = [
        ("rfq-panel", reverse("finance:rfq", args=[listing.rfq.pk])),
        ("publish", reverse("jobs:publish_rfp", args=[unpublished.pk])),
    ]
    outside = [
        ("board", reverse("jobs:rfps")),
        ("detail", reverse("jobs:rfp", args=[other.pk])),
        ("my-bids", reverse("jobs:public_bids")),
        ("bid", reverse("jobs:public_bid", args=[mine.pk])),
    ]
    from axe_playwright_python.sync_playwright import Axe

    axe, found = Axe(), []
    with chromium() as browser:
        for user, pages in ((requester.user(Role.GLADIATOR), office), (bidder.user(Role.GLADIATOR), outside)):
            for width in (PHONE, DESKTOP):
                page = logged_in_page(browser, live_server.url, user, PASSWORD, viewport=width)
                for name, path in pages:
                    page.goto(live_server.url + path)
                    screenshot(page, os.path.join(artifacts_dir, f"rfp-{name}-{width['width']}.png"))
                    if width is PHONE:
                        assert no_horizontal_scroll(page), f"{name} scrolls sideways at 375 px"
                    for v in run_axe(axe, page)["violations"]:
                        if v.get("impact") in ("serious", "critical"):
                            found.append((name, width["width"], v["id"], v["nodes"][0]["target"]))
                page.close()
    assert found == []
