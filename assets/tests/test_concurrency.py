"""Two warehouse managers reserve the same asset at the same moment: exactly one gets it (PostgreSQL)."""

import datetime

import pytest
from django.db import connection

from assets.errors import DoubleBooking
from assets.models import ReservationItem
from assets.services import reserve
from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role
from dragonfly.testing.concurrency import at_once, refused, succeeded

from .helpers import make_asset, make_kit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]
START = datetime.date(2031, 3, 1)


def race(n, attempt):
    """Run `attempt(i)` in n threads released at once; returns (successes, refusals, other errors)."""
    results = at_once([lambda i=i: attempt(i) for i in range(n)])
    errors = refused(results)
    return (
        succeeded(results),
        [e for e in errors if isinstance(e, DoubleBooking)],
        [e for e in errors if not isinstance(e, DoubleBooking)],
    )


def test_same_asset_same_days_exactly_one_wins(tenant_a):
    asset = make_asset(tenant_a.workspace, "AU-001", "Console", "Audio")
    managers = [tenant_a.user(Role.NAVIGATOR), tenant_a.user(Role.GLADIATOR)]

    def attempt(i):
        user = managers[i % 2]
        clear_access(user)
        return reserve(
            actor=user,
            asset=asset,
            start_date=START + datetime.timedelta(days=i % 2),
            end_date=START + datetime.timedelta(days=3),
        )

    for _ in range(3):  # a few rounds, to give the race a real chance
        ReservationItem.objects.all().delete()
        wins, refusals, errors = race(6, attempt)
        assert not errors, errors
        assert len(wins) == 1 and len(refusals) == 5
        assert ReservationItem.objects.filter(asset=asset, active=True).count() == 1


def test_overlapping_kits_sharing_one_asset_exactly_one_wins(tenant_a):
    ws = tenant_a.workspace
    shared = make_asset(ws, "LX-001", "Moving head", "Lighting")
    kits = [make_kit(ws, f"Package {i}", [shared, make_asset(ws, f"LX-{i + 10:03d}")]) for i in range(4)]
    manager = tenant_a.user(Role.NAVIGATOR)

    def attempt(i):
        return reserve(actor=manager, kit=kits[i], start_date=START, end_date=START + datetime.timedelta(days=1))

    wins, refusals, errors = race(4, attempt)
    assert not errors, errors
    assert len(wins) == 1 and len(refusals) == 3
    assert ReservationItem.objects.filter(asset=shared, active=True).count() == 1
