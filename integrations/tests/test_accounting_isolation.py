"""The isolation walk narrowed to the integrations pages (the accounting card, mapping, exports,
Xero's connect/callback/check/push): another organization sees none of A's and changes nothing."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import (
    assert_anonymous_sent_to_log_in,
    assert_another_org_sees_nothing,
    routes_under,
    values_for,
)

from .isolation import make_secret_objects

pytestmark = pytest.mark.django_db


def test_another_organization_reaches_none_of_the_accounting_pages(tenant_a, tenant_b, client):
    world = make_secret_objects(tenant_a)
    routes = routes_under(("integrations/",))
    assert any(route.startswith("integrations/accounting/") for route, _name, _p in routes)
    roles = (Role.PHANTOM, Role.GLADIATOR, Role.RAIDER)
    assert_another_org_sees_nothing(client, tenant_b, roles, routes, values_for(tenant_a, world))
    client.logout()
    assert_anonymous_sent_to_log_in(client, routes, values_for(tenant_a, world))


def test_the_accounting_admin_is_the_platform_staffs_only(tenant_a, tenant_b, login):
    """Like the other integrations admins: support reads it; an organization's admin gets 403 there."""
    make_secret_objects(tenant_a)
    for user in (tenant_b.user(Role.PHANTOM), tenant_a.user(Role.PHANTOM)):
        client = login(user)
        for model in ("accountmapping", "accountingsync"):
            response = client.get(f"/admin/integrations/{model}/")
            assert response.status_code == 403 and "Zebra Secret" not in response.content.decode()
