"""Eight reviewers decide the same advance at the same moment: one wins, the rest are told.

Needs PostgreSQL (SQLite has no row locks): run with DATABASE_URL=postgres://…"""

import pytest
from django.db import connection

from advancing import services
from advancing.errors import InvalidTransition
from advancing.models import AdvanceStatus
from advancing.tests.helpers import make_advance, named
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from dragonfly.testing.concurrency import at_once, refused
from dragonfly.testing.factories import Tenant, make_member

S = AdvanceStatus
THREADS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_reviewers_at_once_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    tenant = Tenant("Race")
    advance = make_advance(tenant, S.SUBMITTED)
    reviewers = [
        named(make_member(Role.GLADIATOR, tenant.org, tenant.workspace), f"Reviewer{i}", "Ops") for i in range(THREADS)
    ]

    def decide(i):
        if i % 2:
            return services.reject_advance(advance, actor=reviewers[i], note=f"No from {i}")
        return services.approve_advance(advance, actor=reviewers[i], note=f"Yes from {i}")

    results = at_once([lambda i=i: decide(i) for i in range(THREADS)])

    winners = [i for i, r in enumerate(results) if not isinstance(r, Exception)]
    assert len(winners) == 1, results
    losers = refused(results)
    assert all(isinstance(r, InvalidTransition) for r in losers), losers
    advance.refresh_from_db()
    outcome = "approved" if advance.status == S.APPROVED else "rejected"
    winner = reviewers[winners[0]]
    for refusal in losers:
        assert str(refusal).startswith(f"This advance is already {outcome}")
        assert f". {winner.get_full_name()} changed it at " in str(refusal)
    decisions = ActivityEntry.objects.filter(
        object_id=str(advance.pk), verb__in=["advance.approved", "advance.rejected"]
    )
    assert decisions.count() == 1
    assert decisions.get().actor == winner
