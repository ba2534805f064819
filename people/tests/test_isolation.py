"""The cross-organization walk of dragonfly/core/tests/test_isolation.py, over the people and assets URLs only.

The project-wide walk covers every URL; this one keeps our two modules proved even while
another module's page is broken, and adds a Passenger and a Navigator of B to the walkers."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import (
    assert_anonymous_sent_to_log_in,
    assert_another_org_sees_nothing,
    routes_under,
    values_for,
)

OURS = ("people/", "assets/", "api/people", "api/assets")


@pytest.fixture
def world(tenant_a):
    from assets.tests.isolation import make_secret_objects as assets_objects
    from people.tests.isolation import make_secret_objects as people_objects

    tenant_a.org.name = "Acme Secret Org"
    tenant_a.org.save()
    objects = {f"people.{k}": v for k, v in people_objects(tenant_a).items()}
    objects.update({f"assets.{k}": v for k, v in assets_objects(tenant_a).items()})
    return objects


def our_patterns():
    return routes_under(OURS)


@pytest.mark.django_db
def test_members_of_another_organization_get_404_and_see_nothing(tenant_a, tenant_b, world, client):
    assert len(our_patterns()) > 40
    roles = (Role.PHANTOM, Role.GLADIATOR, Role.NAVIGATOR, Role.RAIDER, Role.PASSENGER)
    assert_another_org_sees_nothing(client, tenant_b, roles, our_patterns(), values_for(tenant_a, world))


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in(tenant_a, world, client):
    assert_anonymous_sent_to_log_in(client, our_patterns(), values_for(tenant_a, world))
