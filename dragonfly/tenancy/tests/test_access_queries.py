"""What a user's access costs the database: one query for their memberships (which also says whether they
hold any object grant) and one for the permissions of the roles they hold; their grants only when they
hold one. Every API request and page pays it once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.module_settings import modules_off
from dragonfly.tenancy.roles import Role
from productions.models import Production

pytestmark = pytest.mark.django_db


def checked(user, production):
    """A permission check and a list, as a request makes them, with the queries they cost (the
    switched-off modules come from the cache, as they do for every request after the first)."""
    modules_off([production.workspace.organization_id])
    clear_access(user)
    with CaptureQueriesContext(connection) as queries:
        allowed = user.has_perm("productions.view_production", production)
        listed = list(Production.objects.visible_to(user))
    return allowed, listed, [q["sql"] for q in queries.captured_queries]


def test_a_member_without_grants_costs_two_queries_reading_their_own_roles_only(tenant_a):
    show = Production.objects.create(workspace=tenant_a.workspace, name="Show")
    raider = tenant_a.user(Role.RAIDER)

    allowed, listed, queries = checked(raider, show)

    assert (allowed, listed) == (True, [show])
    assert len(queries) == 3  # memberships (with "any grant?"), the Raider's permissions, the list
    role_query = queries[1]
    assert "'Raider'" in role_query and "'Phantom'" not in role_query and "'Legend'" not in role_query


def test_a_grant_is_read_when_the_user_holds_one_and_counts(tenant_a, tenant_b):
    shown = Production.objects.create(workspace=tenant_a.workspace, name="Shown")
    Production.objects.create(workspace=tenant_a.workspace, name="Hidden")
    visitor = tenant_a.user(Role.VISITOR)
    assign_perm("productions.view_production", visitor, shown)

    allowed, listed, queries = checked(visitor, shown)

    assert (allowed, listed) == (True, [shown])
    assert len(queries) == 4  # memberships, the Visitor's permissions, the grants, the list
    # an expired grant is no grant: nothing read for it, nothing shown
    from django.utils import timezone

    from dragonfly.tenancy.models import ObjectGrant

    ObjectGrant.objects.filter(user=visitor).update(expires_at=timezone.now())
    assert checked(visitor, shown)[:2] == (False, [])


def test_someone_holding_only_a_grant_reaches_the_granted_row(tenant_a):
    from dragonfly.testing.factories import make_user

    guest = make_user()  # no membership anywhere: the grant alone
    shown = Production.objects.create(workspace=tenant_a.workspace, name="Shown")
    assign_perm("productions.view_production", guest, shown)

    assert checked(guest, shown)[:2] == (True, [shown])


def test_the_role_settings_still_read_every_roles_defaults(tenant_a):
    """A role the user does not hold (an org admin looking at the Raider's defaults) is read on demand."""
    from dragonfly.tenancy.access import get_access

    phantom = tenant_a.user(Role.PHANTOM)
    clear_access(phantom)
    access = get_access(phantom)
    assert access.role_has(Role.PHANTOM, "productions.view_production")
    assert access.role_has(Role.RAIDER, "advancing.add_advance")
    assert not access.role_has(Role.AMBASSADOR, "finance.view_invoice")
