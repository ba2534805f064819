"""The cross-organization walk of dragonfly/core/tests/test_isolation.py, over the people and assets URLs only.

The project-wide walk covers every URL; this one keeps our two modules proved even while
another module's page is broken, and adds a Passenger and a Navigator of B to the walkers."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import changed_rows, fill, requests_of_another_org, routes_under, snapshot, values_for

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
    before = snapshot()
    values = values_for(tenant_a, world)
    roles = (Role.PHANTOM, Role.GLADIATOR, Role.NAVIGATOR, Role.RAIDER, Role.PASSENGER)
    leaks, wrong = requests_of_another_org(client, tenant_b, roles, our_patterns(), values)
    assert not leaks, "Organization A's data shown to B:\n" + "\n".join(leaks)
    assert not wrong, "Expected 404 for A's objects:\n" + "\n".join(wrong)
    changed = changed_rows(before)
    assert not changed, f"B's requests changed rows: {changed}"


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in(tenant_a, world, client):
    values = values_for(tenant_a, world)
    for route, _, _ in our_patterns():
        for url in fill(route, values):
            response = client.get(url)
            if url.startswith("/api/"):
                assert response.status_code in (401, 403), (url, response.status_code)
            else:
                assert response.status_code == 302, (url, response.status_code)
                assert response["Location"].startswith("/accounts/login/"), url
