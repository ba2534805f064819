"""Eight reviewers decide the same advance at the same moment: one wins, the rest are told.

Needs PostgreSQL (SQLite has no row locks): run with DATABASE_URL=postgres://…"""

import threading

import pytest
from django.db import connection

from advancing import services
from advancing.errors import InvalidTransition
from advancing.models import AdvanceStatus
from advancing.tests.helpers import make_advance, named
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
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
    start = threading.Barrier(THREADS)
    results = [None] * THREADS

    def decide(i):
        try:
            start.wait()
            if i % 2:
                services.reject_advance(advance, actor=reviewers[i], note=f"No from {i}")
            else:
                services.approve_advance(advance, actor=reviewers[i], note=f"Yes from {i}")
            results[i] = "won"
        except InvalidTransition as exc:
            results[i] = exc
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [i for i, r in enumerate(results) if r == "won"]
    assert len(winners) == 1, results
    losers = [r for r in results if r != "won"]
    assert all(isinstance(r, InvalidTransition) for r in losers), losers
    advance.refresh_from_db()
    outcome = "approved" if advance.status == S.APPROVED else "rejected"
    winner = reviewers[winners[0]]
    for refusal in losers:
        assert str(refusal).startswith(f"This advance was already {outcome} by {winner.get_full_name()} at ")
    decisions = ActivityEntry.objects.filter(
        object_id=str(advance.pk), verb__in=["advance.approved", "advance.rejected"]
    )
    assert decisions.count() == 1
    assert decisions.get().actor == winner
