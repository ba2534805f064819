"""In Chromium, at 375 and 1280 px: the procurement pages (requests for quote, the comparison, a bid,
agreements) as the office and as a Merchant — no sideways scroll on a phone, no serious or critical
axe finding. Screenshots go to the artifacts directory (`ARTIFACTS_DIR`)."""

import datetime
import os

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.a11y import run_axe
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant

from .bids_helpers import agreement, bid, link, make_vendor
from .test_browser import restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_procurement_pages_read_on_a_phone_and_pass_axe(live_server, artifacts_dir):
    from finance.services import bids as bid_services

    restore_migration_data()
    tenant = Tenant("Acme")
    vendors = [make_vendor(tenant, name=n) for n in ("Stage Sound Ltd", "Rival Audio", "Northern Rigging")]
    rfq = bid_services.create_rfq(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        title="Stage lighting rig for the opening night",
        invited=vendors,
        respond_by=datetime.date.today() + datetime.timedelta(days=5),
        lines=[
            {"description": "Moving-head spot fixtures, 3 days", "quantity": 24, "unit": "Per Unit/Day"},
            {"description": "Lighting console with operator", "quantity": 3, "unit": "Per Day"},
        ],
    )
    rfq = bid_services.open_rfq(rfq, actor=tenant.user(Role.GLADIATOR))
    offers = [bid(tenant, rfq, v, *p) for v, p in zip(vendors[1:], [("62", "780"), ("58.5", "840")], strict=True)]
    merchant = link(tenant, vendors[0])
    deal = agreement(tenant, vendors[1], valid_to=datetime.date.today() + datetime.timedelta(days=20))
    office = [
        ("rfqs", reverse("finance:rfqs", args=[tenant.org.slug, tenant.workspace.slug])),
        ("rfq", reverse("finance:rfq", args=[rfq.pk])),
        ("compare", reverse("finance:compare_bids", args=[rfq.pk])),
        ("bid", reverse("finance:bid", args=[offers[0].pk])),
        ("agreements", reverse("finance:agreements", args=[tenant.org.slug, tenant.workspace.slug])),
        ("agreement", reverse("finance:agreement", args=[deal.pk])),
        ("new-rfq", reverse("finance:new_rfq", args=[tenant.org.slug, tenant.workspace.slug])),
    ]
    outside = [("merchant-rfq", reverse("finance:rfq", args=[rfq.pk]))]
    from axe_playwright_python.sync_playwright import Axe

    axe, found = Axe(), []
    with chromium() as browser:
        for user, pages in ((tenant.user(Role.AVIATOR), office), (merchant, outside)):
            for width in (PHONE, DESKTOP):
                page = logged_in_page(browser, live_server.url, user, PASSWORD, viewport=width)
                for name, path in pages:
                    page.goto(live_server.url + path)
                    screenshot(page, os.path.join(artifacts_dir, f"bids-{name}-{width['width']}.png"))
                    if width is PHONE:
                        assert no_horizontal_scroll(page), f"{name} scrolls sideways at 375 px"
                    for v in run_axe(axe, page)["violations"]:
                        if v.get("impact") in ("serious", "critical"):
                            found.append((name, width["width"], v["id"], v["nodes"][0]["target"]))
                page.close()
    assert found == []
