"""Asset availability and utilization: 100 assets / 2,000 reservations vs 10,000 / 200,000 on PostgreSQL.

Not part of the test run. Uses its own database (created if missing) and prints, side by side,
the median time and query count of each read at both sizes and their ratio:

    .venv/bin/python bench/people_assets_bench.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/dragonfly_bench6 .venv/bin/python bench/people_assets_bench.py

Every asset gets 20 bookings laid end to end over two years (returned in the past, reserved or
checked out around today, some cancelled), so both sizes have the same shape and only the
volume differs. The reads are the ones the pages and the API make, as a Gladiator of the
workspace (so `visible_to` is in the queries, as in production).
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dragonfly_bench6")
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragonfly.settings")

SIZES = {"small": (100, 2_000), "large": (10_000, 200_000)}
CATEGORIES = ["Lighting", "Audio", "Video", "Rigging", "Power", "Staging", "Comms", "Backline"]
REPEAT = 7


def ensure_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(label, n_assets, n_reservations, today):
    """One workspace holding n_assets assets and n_reservations bookings (idempotent: reused if present)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from assets.models import Asset, Kit, Reservation, ReservationItem
    from dragonfly.tenancy.models import Membership, Organization, Workspace
    from dragonfly.tenancy.roles import Role

    org, _ = Organization.objects.get_or_create(slug="bench6", defaults={"name": "Bench org"})
    ws, _ = Workspace.objects.get_or_create(
        organization=org, slug=f"warehouse-{label}", defaults={"name": f"Warehouse {label}"}
    )
    user, _ = get_user_model().objects.get_or_create(username=f"bench-{label}")
    Membership.objects.get_or_create(user=user, organization=org, workspace=ws, defaults={"role": Role.GLADIATOR})
    have = ReservationItem.objects.filter(reservation__workspace=ws).count()
    kits = Kit.objects.filter(workspace=ws).count()
    if Asset.objects.filter(workspace=ws).count() == n_assets and have == n_reservations and kits == n_assets // 100:
        return ws, user
    ReservationItem.objects.filter(reservation__workspace=ws).delete()
    Reservation.objects.filter(workspace=ws).delete()
    Kit.objects.filter(workspace=ws).delete()
    Asset.objects.filter(workspace=ws).delete()
    rng = random.Random(6)
    per_asset = n_reservations // n_assets
    started = time.perf_counter()
    with transaction.atomic():
        assets = Asset.objects.bulk_create(
            [
                Asset(
                    organization=org,
                    workspace=ws,
                    tag=f"{label[:1].upper()}-{i:06d}",
                    name=f"Unit {i}",
                    category=CATEGORIES[i % len(CATEGORIES)],
                    currency="USD",
                )
                for i in range(n_assets)
            ],
            batch_size=2000,
        )
        reservations, spans = [], []
        for asset in assets:
            day = today - datetime.timedelta(days=400 + rng.randint(0, 20))
            for _ in range(per_asset):
                length = rng.randint(1, 10)
                start, end = day, day + datetime.timedelta(days=length - 1)
                if end < today - datetime.timedelta(days=3):
                    status = "cancelled" if rng.random() < 0.1 else "returned"
                elif start <= today:
                    status = "checked_out"
                else:
                    status = "cancelled" if rng.random() < 0.1 else "reserved"
                reservations.append(Reservation(workspace=ws, start_date=start, end_date=end, status=status))
                spans.append((asset, start, end, status))
                day = end + datetime.timedelta(days=rng.randint(1, 25))
        kits = Kit.objects.bulk_create([Kit(workspace=ws, name=f"Kit {k:05d}") for k in range(n_assets // 100)])
        Kit.assets.through.objects.bulk_create(
            [Kit.assets.through(kit=kit, asset=assets[k * 10 + j]) for k, kit in enumerate(kits) for j in range(10)]
        )
        Reservation.objects.bulk_create(reservations, batch_size=5000)
        ReservationItem.objects.bulk_create(
            [
                ReservationItem(
                    reservation=r,
                    asset=a,
                    start_date=s,
                    end_date=e,
                    active=status in ("reserved", "checked_out"),
                    counted=status != "cancelled",
                )
                for r, (a, s, e, status) in zip(reservations, spans, strict=True)
            ],
            batch_size=5000,
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE assets_asset; ANALYZE assets_reservation; ANALYZE assets_reservationitem;")
    print(
        f"  built {label}: {n_assets} assets, {len(reservations)} reservations in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return ws, user


def measure(fn):
    from django.db import connection, reset_queries

    times, queries = [], []
    for i in range(REPEAT + 1):
        reset_queries()
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
        if i:  # the first run warms caches
            times.append(elapsed)
            queries.append(len(connection.queries))
    return statistics.median(times) * 1000, max(queries)


def cases(ws, user, today):
    from django.core.paginator import Paginator
    from django.test import Client

    from assets.selectors import (
        assets_with_availability,
        get_asset_availability,
        get_asset_utilization,
        kits_with_availability,
        utilization_for_assets,
    )

    week = (today, today + datetime.timedelta(days=6))
    month = (today - datetime.timedelta(days=29), today)
    quarter = (today - datetime.timedelta(days=89), today)

    def page_of(qs):
        return list(Paginator(qs, 25).get_page(1).object_list)

    client = Client()
    client.force_login(user)
    base = f"/assets/w/{ws.organization.slug}/{ws.slug}/"

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return {
        "page: availability (whole response)": lambda: page(base + "availability/"),
        "page: utilization (whole response)": lambda: page(base + "utilization/"),
        "page: asset list (whole response)": lambda: page(base + "?category=Audio"),
        "availability by category (7 days)": lambda: get_asset_availability(
            user=user, workspace=ws, start=week[0], end=week[1]
        ),
        "availability, one category + need": lambda: get_asset_availability(
            user=user, workspace=ws, start=week[0], end=week[1], category="Lighting", need=40
        ),
        "availability, page of 25 assets": lambda: page_of(
            assets_with_availability(user=user, workspace=ws, start=week[0], end=week[1], category="Audio")
        ),
        "kits availability (first 50)": lambda: kits_with_availability(
            user=user, workspace=ws, start=week[0], end=week[1]
        ),
        "utilization by category (30 days)": lambda: get_asset_utilization(
            user=user, workspace=ws, start=month[0], end=month[1]
        ),
        "utilization by category (90 days)": lambda: get_asset_utilization(
            user=user, workspace=ws, start=quarter[0], end=quarter[1]
        ),
        "utilization, page of 25 assets": lambda: utilization_for_assets(
            page_of(assets_with_availability(user=user, workspace=ws, start=month[0], end=month[1])),
            start=month[0],
            end=month[1],
        ),
    }


def main():
    ensure_database()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        sys.exit("This bench runs on PostgreSQL (set BENCH_DATABASE_URL).")
    settings.DEBUG = True  # record queries
    today = timezone.localdate()
    server = connection.cursor().connection.info.server_version
    print(f"PostgreSQL {server}, database {connection.settings_dict['NAME']}")
    worlds = {label: build(label, *size, today) for label, size in SIZES.items()}
    results = {}
    for label, (ws, user) in worlds.items():
        for name, fn in cases(ws, user, today).items():
            results.setdefault(name, {})[label] = measure(fn)
    width = max(len(n) for n in results)
    head = f"{'read':<{width}}  {'100/2k ms':>10} {'q':>3}  {'10k/200k ms':>12} {'q':>3}  {'ratio':>6}"
    print()
    print(head)
    print("-" * len(head))
    for name, row in results.items():
        (s_ms, s_q), (l_ms, l_q) = row["small"], row["large"]
        print(f"{name:<{width}}  {s_ms:>10.1f} {s_q:>3}  {l_ms:>12.1f} {l_q:>3}  {l_ms / s_ms:>5.1f}x")
    print(f"\n(median of {REPEAT} runs after one warm-up; data ×100 between the two columns)")


if __name__ == "__main__":
    main()
