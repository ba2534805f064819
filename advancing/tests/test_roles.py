"""Who may do what to an advance: the role matrix, the Raider's own advances, guardian grants."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from guardian.shortcuts import assign_perm

from advancing import services
from advancing.models import Advance, AdvanceStatus
from advancing.selectors import review_queue, waiting_review_count
from advancing.tests.helpers import make_advance
from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.models import ObjectGrant
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_role_matrix

pytestmark = pytest.mark.django_db
S = AdvanceStatus
R = Role

ACTIONS = {
    "view": "advancing.view_advance",
    "add": "advancing.add_advance",
    "change": "advancing.change_advance",
    "delete": "advancing.delete_advance",
    "submit": "advancing.submit_advance",
    "review": "advancing.review_advance",
    "approve": "advancing.approve_advance",
    "fulfil": "advancing.fulfil_advance",
}
OFFICE = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
CREW = OFFICE | {R.NAVIGATOR, R.DEVIATOR}


def expected(raider_owns):
    """The issue's story: Gladiator and Aviator approve, Navigator reviews and fulfils,
    Deviator and Raider submit (a Raider only their own), Passenger reads."""
    raider = {R.RAIDER} if raider_owns else set()
    return {
        "view": CREW | {R.PASSENGER} | raider,
        "add": CREW | raider,
        "change": CREW | raider,
        "delete": OFFICE,
        "submit": CREW | raider,
        "review": OFFICE | {R.NAVIGATOR},
        "approve": OFFICE,
        "fulfil": CREW,
    }


def test_role_matrix_on_a_crew_leads_advance(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED, submitter=tenant_a.user(R.DEVIATOR))
    assert_role_matrix(tenant_a, advance, ACTIONS, expected(raider_owns=False))


def test_role_matrix_on_a_raiders_own_advance(tenant_a):
    advance = make_advance(tenant_a, S.SUBMITTED, submitter=tenant_a.user(R.RAIDER))
    assert_role_matrix(tenant_a, advance, ACTIONS, expected(raider_owns=True))


def test_another_organization_has_no_say(tenant_a, tenant_b):
    advance = make_advance(tenant_a, S.SUBMITTED)
    assert_role_matrix(tenant_b, advance, ACTIONS, {action: set() for action in ACTIONS})


def test_a_raider_lists_only_their_own_advances(tenant_a):
    raider = tenant_a.user(R.RAIDER)
    own = make_advance(tenant_a, submitter=raider)
    make_advance(tenant_a, submitter=tenant_a.user(R.DEVIATOR))
    assert list(Advance.objects.visible_to(raider)) == [own]


def test_a_workspace_role_does_not_reach_the_other_workspace(tenant_a):
    elsewhere = make_advance(
        tenant_a, S.SUBMITTED, submitter=tenant_a.user(R.PHANTOM), workspace=tenant_a.other_workspace
    )
    gladiator = tenant_a.user(R.GLADIATOR)
    assert not gladiator.has_perm("advancing.view_advance", elsewhere)
    assert not review_queue(gladiator).filter(pk=elsewhere.pk).exists()
    assert review_queue(tenant_a.user(R.PHANTOM)).filter(pk=elsewhere.pk).exists()  # org-wide


def grant(user, perm, advance, expires_at=None):
    assign_perm(perm, user, advance)
    if expires_at is not None:
        ObjectGrant.objects.filter(user=user, object_pk=str(advance.pk)).update(expires_at=expires_at)
    clear_access(user)


def test_a_procurement_manager_approves_one_advance_by_grant(tenant_a):
    merchant = tenant_a.user(R.MERCHANT)
    granted = make_advance(tenant_a, S.SUBMITTED)
    other = make_advance(tenant_a, S.SUBMITTED)
    grant(merchant, "advancing.approve_advance", granted, timezone.now() + datetime.timedelta(days=1))

    assert merchant.has_perm("advancing.approve_advance", granted)
    assert not merchant.has_perm("advancing.approve_advance", other)
    assert [a.pk for a in review_queue(merchant)] == [granted.pk]
    assert waiting_review_count(merchant) == 1
    services.approve_advance(granted, actor=merchant, note="PO 4471")
    granted.refresh_from_db()
    assert granted.status == S.APPROVED
    with pytest.raises(PermissionDenied):
        services.approve_advance(other, actor=merchant)


def test_an_expired_grant_approves_nothing(tenant_a):
    merchant = tenant_a.user(R.MERCHANT)
    advance = make_advance(tenant_a, S.SUBMITTED)
    grant(merchant, "advancing.approve_advance", advance, timezone.now() + datetime.timedelta(days=1))
    assert merchant.has_perm("advancing.approve_advance", advance)

    ObjectGrant.objects.filter(user=merchant).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    clear_access(merchant)
    assert not merchant.has_perm("advancing.approve_advance", advance)
    assert waiting_review_count(merchant) == 0
    with pytest.raises(PermissionDenied):
        services.approve_advance(advance, actor=merchant)
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
