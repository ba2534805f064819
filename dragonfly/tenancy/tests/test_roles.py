import datetime

import pytest
from django.utils import timezone
from guardian.shortcuts import assign_perm

from dragonfly.tenancy.access import can_access_workspace, clear_access, has_permission, role_in_workspace
from dragonfly.tenancy.models import Membership, ObjectGrant
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_user, make_workspace
from dragonfly.testing.matrix import assert_role_matrix
from productions.models import Production

R = Role
MANAGERS = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
READERS = MANAGERS | {R.NAVIGATOR, R.DEVIATOR, R.RAIDER, R.PASSENGER}

pytestmark = pytest.mark.django_db


def test_production_role_matrix(tenant_a):
    production = Production.objects.create(workspace=tenant_a.workspace, name="Aurora — MSG")
    assert_role_matrix(
        tenant_a,
        production,
        {
            "view": "productions.view_production",
            "add": "productions.add_production",
            "change": "productions.change_production",
            "delete": "productions.delete_production",
        },
        {"view": READERS, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS},
    )


def test_members_of_another_organization_hold_nothing(tenant_a, tenant_b):
    production = Production.objects.create(workspace=tenant_a.workspace, name="Aurora — MSG")
    for user in tenant_b.users.values():
        assert not user.has_perm("productions.view_production", production)
        assert not Production.objects.visible_to(user).exists()
        assert not can_access_workspace(user, tenant_a.workspace)
        assert role_in_workspace(user, tenant_a.workspace) is None


def test_effective_role_is_the_strongest_of_org_wide_and_workspace(tenant_a):
    user = make_member(Role.PASSENGER, tenant_a.org)  # org-wide observer
    Membership.objects.create(user=user, organization=tenant_a.org, workspace=tenant_a.workspace, role=Role.GLADIATOR)
    clear_access(user)
    assert role_in_workspace(user, tenant_a.workspace) == Role.GLADIATOR
    assert role_in_workspace(user, tenant_a.other_workspace) == Role.PASSENGER
    here = Production.objects.create(workspace=tenant_a.workspace, name="Here")
    there = Production.objects.create(workspace=tenant_a.other_workspace, name="There")
    assert has_permission(user, "productions.change_production", here)
    assert not has_permission(user, "productions.change_production", there)
    assert set(Production.objects.visible_to(user)) == {here, there}
    assert set(Production.objects.visible_to(user, "productions.change_production")) == {here}


def test_workspace_membership_does_not_reach_sibling_workspaces(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)
    sibling = Production.objects.create(workspace=tenant_a.other_workspace, name="Sibling")
    assert not gladiator.has_perm("productions.view_production", sibling)
    assert not can_access_workspace(gladiator, tenant_a.other_workspace)


def test_expired_visitor_membership_loses_access(tenant_a):
    visitor = make_member(
        Role.PASSENGER, tenant_a.org, tenant_a.workspace, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    production = Production.objects.create(workspace=tenant_a.workspace, name="Preview")
    assert visitor.has_perm("productions.view_production", production)
    Membership.objects.filter(user=visitor).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    clear_access(visitor)
    assert not visitor.has_perm("productions.view_production", production)
    assert not Production.objects.visible_to(visitor).exists()
    assert not can_access_workspace(visitor, tenant_a.workspace)


def test_guardian_grant_gives_one_object_until_it_expires(tenant_a):
    visitor = tenant_a.user(Role.VISITOR)
    shown = Production.objects.create(workspace=tenant_a.workspace, name="Shown")
    hidden = Production.objects.create(workspace=tenant_a.workspace, name="Hidden")
    assert not visitor.has_perm("productions.view_production", shown)

    assign_perm("productions.view_production", visitor, shown)
    clear_access(visitor)
    assert visitor.has_perm("productions.view_production", shown)
    assert not visitor.has_perm("productions.view_production", hidden)
    assert not visitor.has_perm("productions.change_production", shown)
    assert list(Production.objects.visible_to(visitor)) == [shown]

    ObjectGrant.objects.filter(user=visitor).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    clear_access(visitor)
    assert not visitor.has_perm("productions.view_production", shown)
    assert not Production.objects.visible_to(visitor).exists()


def test_legend_and_superuser_reach_every_organization(tenant_a, tenant_b):
    production = Production.objects.create(workspace=tenant_b.workspace, name="Elsewhere")
    legend = make_member(Role.LEGEND, tenant_a.org)
    superuser = make_user(is_superuser=True)
    for user in (legend, superuser):
        assert user.has_perm("productions.delete_production", production)
        assert production in Production.objects.visible_to(user)
        assert can_access_workspace(user, tenant_b.workspace)


def test_inactive_and_anonymous_users_hold_nothing(tenant_a):
    from django.contrib.auth.models import AnonymousUser

    production = Production.objects.create(workspace=tenant_a.workspace, name="Show")
    gladiator = tenant_a.user(Role.GLADIATOR)
    gladiator.is_active = False
    gladiator.save()
    clear_access(gladiator)
    assert not gladiator.has_perm("productions.view_production", production)
    assert not Production.objects.visible_to(gladiator).exists()
    assert not Production.objects.visible_to(AnonymousUser()).exists()


def test_role_permissions_edited_by_an_admin_take_effect(tenant_a):
    from django.contrib.auth.models import Group, Permission

    passenger = tenant_a.user(Role.PASSENGER)
    production = Production.objects.create(workspace=tenant_a.workspace, name="Show")
    assert passenger.has_perm("productions.view_production", production)
    Group.objects.get(name="Passenger").permissions.remove(Permission.objects.get(codename="view_production"))
    clear_access(passenger)
    assert not passenger.has_perm("productions.view_production", production)


def test_role_queries_are_loaded_once_per_request(tenant_a, django_assert_max_num_queries):
    gladiator = tenant_a.user(Role.GLADIATOR)
    productions = [Production.objects.create(workspace=tenant_a.workspace, name=f"P{i}") for i in range(5)]
    ws = make_workspace(tenant_a.org)
    clear_access(gladiator)
    # memberships, role permissions and grants: loaded by the first allowed and denied checks
    gladiator.has_perm("productions.view_production", productions[0])
    gladiator.has_perm("productions.view_production", ws)
    with django_assert_max_num_queries(0):
        for p in productions:
            p.workspace = tenant_a.workspace
            assert gladiator.has_perm("productions.change_production", p)
        assert not gladiator.has_perm("productions.view_production", ws)
