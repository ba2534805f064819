"""Two reviewers approve two advances at the same moment, both wanting the last moving heads: the
asset rows are locked before the free ones are counted, so the stock is never booked twice.

Needs PostgreSQL (SQLite has no row locks): run with DATABASE_URL=postgres://…"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from advancing import services, stock
from advancing.errors import Conflict
from advancing.models import AdvanceStatus, CatalogItem, StockMapping, StockReservation
from advancing.tests.helpers import make_advance
from assets.models import ReservationItem
from assets.tests.helpers import make_asset
from dragonfly.tenancy.roles import Role
from dragonfly.testing.concurrency import at_once, refused, succeeded
from dragonfly.testing.factories import Tenant, make_member
from productions.tests.helpers import make_production

S = AdvanceStatus
SHOW = (datetime.date(2031, 6, 1), datetime.date(2031, 6, 3))


def two_advances_for_the_last_heads():
    tenant = Tenant("Race")
    production = make_production(tenant, start_date=SHOW[0], end_date=SHOW[1])
    for i in range(3):
        make_asset(tenant.workspace, f"LX-{i}", category="Lighting")
    heads = CatalogItem.objects.get(item_id="TECH-1014")
    StockMapping.objects.create(organization=tenant.org, catalog_item=heads, asset_category="Lighting")
    advances = []
    for name in ("Main stage", "Second stage"):
        advance = make_advance(
            tenant, S.SUBMITTED, activation=name, items=[{"catalog_item": heads, "quantity": Decimal("2")}]
        )
        advance.production = production
        advance.save(update_fields=["production"])
        advances.append(advance)
    reviewers = [make_member(Role.GLADIATOR, tenant.org, tenant.workspace) for _ in advances]
    return advances, reviewers


def held_assets():
    ids = list(ReservationItem.objects.filter(active=True).values_list("asset_id", flat=True))
    return len(ids), len(set(ids))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_for_the_last_units_never_overbook():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    advances, reviewers = two_advances_for_the_last_heads()

    results = at_once(
        [lambda i=i: services.approve_advance(advances[i], actor=reviewers[i]) for i in range(len(advances))]
    )

    assert len(succeeded(results)) == 1, results
    [loser] = refused(results)
    assert isinstance(loser, Conflict) and "short by 1" in str(loser), loser
    assert held_assets() == (2, 2)
    statuses = sorted(type(a).objects.get(pk=a.pk).status for a in advances)
    assert statuses == [S.APPROVED, S.SUBMITTED]  # the refused approval left its advance as it was


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_taking_what_is_free_share_the_last_units():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    advances, reviewers = two_advances_for_the_last_heads()

    def approve(i):
        with stock.taking_free_stock():
            return services.approve_advance(advances[i], actor=reviewers[i])

    results = at_once([lambda i=i: approve(i) for i in range(len(advances))])

    assert refused(results) == []
    assert held_assets() == (3, 3)  # 2 + 1, each asset once
    assert sorted(r.assets for r in StockReservation.objects.all()) == [1, 2]
