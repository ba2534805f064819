"""The whole ALLOWED_TRANSITIONS table, through the services: every (from, to) pair.

An allowed move happens and is logged; a refused one raises InvalidTransition and leaves the
advance, its lines and its history exactly as they were."""

import itertools

import pytest

from advancing import services
from advancing.errors import InvalidTransition
from advancing.models import ALLOWED_TRANSITIONS, AdvanceStatus, can_move
from advancing.tests.helpers import history, make_advance
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
S = AdvanceStatus


def _fulfil_everything(advance, actor):
    for item in advance.items.all():
        services.record_fulfilment(advance, actor=actor, item_id=item.pk, quantity_fulfilled=item.quantity_to_fulfil)


# The one service that moves an advance to each status. A Gladiator may call all of them, so
# only the status decides; the submitter (a Deviator) submits, as the workflow has it.
MOVES = {
    S.SUBMITTED: lambda a, t: services.submit_advance(a, actor=t.user(Role.DEVIATOR)),
    S.UNDER_REVIEW: lambda a, t: services.start_review(a, actor=t.user(Role.GLADIATOR)),
    S.APPROVED: lambda a, t: services.approve_advance(a, actor=t.user(Role.GLADIATOR), note="ok"),
    S.REJECTED: lambda a, t: services.reject_advance(a, actor=t.user(Role.GLADIATOR), note="Not this time"),
    S.IN_PROGRESS: lambda a, t: services.process_advance(a, actor=t.user(Role.GLADIATOR)),
    S.FULFILLED: lambda a, t: _fulfil_everything(a, t.user(Role.GLADIATOR)),
    S.CANCELLED: lambda a, t: services.cancel_advance(a, actor=t.user(Role.DEVIATOR)),
}


def expected_allowed(from_status, to_status):
    # Fulfilment may start on an approved advance: it passes through in_progress on the way
    # (approved → in_progress → fulfilled, both moves of the table).
    if to_status == S.FULFILLED and from_status == S.APPROVED:
        return True
    return can_move(from_status, to_status)


def test_no_service_moves_an_advance_back_to_draft():
    assert all(S.DRAFT not in targets for targets in ALLOWED_TRANSITIONS.values())
    assert set(MOVES) == set(S) - {S.DRAFT}


def snapshot(advance):
    advance.refresh_from_db()
    fields = ("status", "submitted_at", "reviewed_by_id", "reviewed_at", "approved_cost", "fulfilled_at", "updated_at")
    items = list(advance.items.values_list("approved_quantity", "quantity_fulfilled", "fulfilment_status"))
    return {f: getattr(advance, f) for f in fields}, items, len(history(advance))


@pytest.mark.parametrize("from_status, to_status", list(itertools.product(S, MOVES)))
def test_every_pair_of_the_table(tenant_a, from_status, to_status):
    advance = make_advance(tenant_a, from_status)
    before = snapshot(advance)
    if expected_allowed(from_status, to_status):
        MOVES[to_status](advance, tenant_a)
        advance.refresh_from_db()
        assert advance.status == to_status
        last = history(advance)[-1]
        assert last.to_state == to_status
        assert last.actor is not None
        assert len(history(advance)) > before[2]
    else:
        with pytest.raises(InvalidTransition) as refused:
            MOVES[to_status](advance, tenant_a)
        assert str(refused.value)  # a message a person can act on
        assert snapshot(advance) == before


@pytest.mark.parametrize("status", [s for s in S if s not in (S.APPROVED, S.IN_PROGRESS)])
def test_fulfilment_outside_approved_or_in_progress_is_refused(tenant_a, status):
    advance = make_advance(tenant_a, status)
    before = snapshot(advance)
    with pytest.raises(InvalidTransition):
        services.record_fulfilment(
            advance, actor=tenant_a.user(Role.GLADIATOR), item_id=advance.items.first().pk, quantity_fulfilled=1
        )
    assert snapshot(advance) == before
