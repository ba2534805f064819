"""Availability for a date range and utilization over a period, against figures worked out by hand.

Period 1–10 June 2027 (10 days):
  LX-1 Lighting  reserved 3–5 Jun (3 days) + returned 9–12 Jun (2 days inside)      = 5
  LX-2 Lighting  cancelled 1–10 Jun (0) + reserved 28 May–2 Jun (2 days inside)     = 2
  AU-1 Audio     reserved 1–10 Jun                                                 = 10
  AU-2 Audio     retired: not counted at all
  RG-1 Rigging   in maintenance, never booked                                      = 0
  → Lighting 7 / 20 = 35 %, Audio 10 / 10 = 100 %, Rigging 0 / 10 = 0 %.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assets.models import AssetStatus
from assets.selectors import (
    get_asset_availability,
    get_asset_utilization,
    kits_with_availability,
    utilization_for_assets,
)
from dragonfly.tenancy.roles import Role

from .helpers import book, make_asset, make_kit

D = datetime.date


@pytest.fixture
def yard(tenant_a):
    ws = tenant_a.workspace
    lx1, lx2 = make_asset(ws, "LX-1", category="Lighting"), make_asset(ws, "LX-2", category="Lighting")
    au1 = make_asset(ws, "AU-1", "Console", "Audio")
    make_asset(ws, "AU-2", "Old console", "Audio", status=AssetStatus.RETIRED)
    rg1 = make_asset(ws, "RG-1", "Hoist", "Rigging", status=AssetStatus.MAINTENANCE)
    book(lx1, D(2027, 6, 3), D(2027, 6, 5))
    book(lx1, D(2027, 6, 9), D(2027, 6, 12), status="returned")
    book(lx2, D(2027, 6, 1), D(2027, 6, 10), status="cancelled")
    book(lx2, D(2027, 5, 28), D(2027, 6, 2), status="checked_out")
    book(au1, D(2027, 6, 1), D(2027, 6, 10))
    kits = {
        "both heads": make_kit(ws, "Both heads", [lx1, lx2]),
        "hoist": make_kit(ws, "Hoist kit", [rg1]),
        "second head": make_kit(ws, "Second head", [lx2]),
    }
    return {"ws": ws, "user": tenant_a.user(Role.NAVIGATOR), "kits": kits, "lx1": lx1, "au1": au1}


def test_utilization_per_category(yard):
    rows = get_asset_utilization(user=yard["user"], workspace=yard["ws"], start=D(2027, 6, 1), end=D(2027, 6, 10))
    assert [(r.label, r.assets, r.booked_days, r.available_days, r.percent) for r in rows] == [
        ("Audio", 1, 10, 10, Decimal("100.0")),
        ("Lighting", 2, 7, 20, Decimal("35.0")),
        ("Rigging", 1, 0, 10, Decimal("0.0")),
    ]


def test_utilization_per_asset(yard):
    rows = utilization_for_assets([yard["lx1"], yard["au1"]], start=D(2027, 6, 1), end=D(2027, 6, 10))
    assert [(r.asset.tag, r.booked_days, r.available_days) for r in rows] == [("LX-1", 5, 10), ("AU-1", 10, 10)]


def test_availability_per_category_with_short(yard):
    rows = get_asset_availability(user=yard["user"], workspace=yard["ws"], start=D(2027, 6, 4), end=D(2027, 6, 6))
    assert [(r.category, r.total, r.booked, r.out_of_service, r.free, r.state) for r in rows] == [
        ("Audio", 1, 1, 0, 0, "none"),
        ("Lighting", 2, 1, 0, 1, "free"),
        ("Rigging", 1, 0, 1, 0, "none"),
    ]
    [lighting] = get_asset_availability(
        user=yard["user"], workspace=yard["ws"], start=D(2027, 6, 4), end=D(2027, 6, 6), category="Lighting", need=3
    )
    assert (lighting.free, lighting.short, lighting.state) == (1, 2, "short")


def test_kits_are_free_short_or_booked(yard):
    kits = kits_with_availability(user=yard["user"], workspace=yard["ws"], start=D(2027, 6, 4), end=D(2027, 6, 6))
    assert [(k.kit.name, k.size, k.free, k.state) for k in kits] == [
        ("Both heads", 2, 1, "short"),
        ("Hoist kit", 1, 0, "booked"),
        ("Second head", 1, 1, "free"),
    ]


def test_pages_and_api_show_the_same_figures(yard, login):
    ws = yard["ws"]
    client = login(yard["user"])
    page = client.get(f"/assets/w/{ws.organization.slug}/{ws.slug}/utilization/?start=2027-06-01&end=2027-06-10")
    assert page.status_code == 200 and "35.0%" in page.content.decode()
    api = client.get(f"/api/assets/utilization/?workspace={ws.pk}&start=2027-06-01&end=2027-06-10").json()
    assert [(c["category"], c["booked_days"], c["utilization"]) for c in api["categories"]] == [
        ("Audio", 10, "1.0000"),
        ("Lighting", 7, "0.3500"),
        ("Rigging", 0, "0.0000"),
    ]
    api = client.get(
        f"/api/assets/availability/?workspace={ws.pk}&start=2027-06-04&end=2027-06-06&category=Lighting&need=3"
    ).json()
    assert api["categories"] == [
        {
            "category": "Lighting",
            "total": 2,
            "booked": 1,
            "out_of_service": 0,
            "free": 1,
            "need": 3,
            "short": 2,
            "state": "short",
        }
    ]


PAGES = [
    "/assets/w/{org}/{ws}/",
    "/assets/w/{org}/{ws}/availability/?start=2027-06-01&end=2027-06-10",
    "/assets/w/{org}/{ws}/utilization/?start=2027-06-01&end=2027-06-10",
    "/assets/w/{org}/{ws}/reservations/",
    "/assets/w/{org}/{ws}/kits/",
    "/assets/w/{org}/{ws}/maintenance/?status=",
    "/api/assets/",
    "/api/assets/reservations/",
    "/api/assets/kits/",
    "/assets/w/{org}/{ws}/labels/",
    "/api/assets/availability/?workspace={ws_id}&start=2027-06-01&end=2027-06-10",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_query_counts_do_not_grow_with_rows(tenant_a, login, path, django_assert_max_num_queries):
    ws = tenant_a.workspace
    url = path.format(org=ws.organization.slug, ws=ws.slug, ws_id=ws.pk)
    client = login(tenant_a.user(Role.NAVIGATOR))

    def fill(n, prefix):
        for i in range(n):
            asset = make_asset(ws, f"{prefix}-{i:03d}", category=f"Cat {i % 4}")
            book(asset, D(2027, 6, 2), D(2027, 6, 4), status="returned" if i % 3 else "reserved")
            make_kit(ws, f"{prefix} kit {i}", [asset])
            from assets.models import MaintenanceRecord

            MaintenanceRecord.objects.create(workspace=ws, asset=asset, kind="repair")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    fill(10, "A")
    client.get(url)
    small = count()
    fill(50, "B")
    large = count()
    assert small == large, f"{url}: {small} queries with 10 assets, {large} with 60"
    with django_assert_max_num_queries(15):
        client.get(url)
