"""Every people and assets page opens for the roles that may open it, and answers 403/404 to the others."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import fill, project_patterns, values_for

OURS = ("people/", "assets/")


@pytest.fixture
def world(tenant_a):
    from assets.tests.isolation import make_secret_objects as assets_objects
    from people.tests.isolation import make_secret_objects as people_objects

    objects = {f"people.{k}": v for k, v in people_objects(tenant_a).items()}
    objects.update({f"assets.{k}": v for k, v in assets_objects(tenant_a).items()})
    return objects


POST_ONLY = {
    "people:certification_add",
    "people:unavailability_add",
    "people:certification_remove",
    "people:unavailability_remove",
    "people:assignment_remove",
    "people:time_entry_approve",
    "people:time_entry_reject",
    "people:time_bulk_approve",
    "people:clock_in",
    "people:clock_out",
    "assets:photo_add",
    "assets:record_add",
    "assets:schedule_add",
    "assets:check_out",
    "assets:check_in",
    "assets:cancel",
    "assets:complete_maintenance",
}


def get_pages():
    """(route, name) of our pages that answer GET (the POST-only action URLs are left out)."""
    return [(route, name) for route, name, _ in project_patterns() if route.startswith(OURS) and name not in POST_ONLY]


def fill_for(route, world, tenant):
    values = values_for(tenant, world)
    by_kind = {
        "people:person_detail": world["people.person"],
        "people:person_edit": world["people.person"],
        "people:assignment_detail": world["people.assignment"],
        "people:time_entry_edit": world["people.time_entry"],
        "assets:asset_detail": world["assets.asset"],
        "assets:asset_edit": world["assets.asset"],
        "assets:asset_label": world["assets.asset"],
        "assets:kit_detail": world["assets.kit"],
        "assets:reservation_detail": world["assets.reservation"],
    }
    return values, by_kind


@pytest.mark.django_db
def test_gladiator_opens_every_page(tenant_a, world, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    values, by_kind = fill_for(None, world, tenant_a)
    opened = 0
    for route, name in get_pages():
        obj = by_kind.get(name)
        if "<int:pk>" in route and obj is None:
            continue
        url = fill(route, {**values, "int": [obj.pk] if obj else values["int"]})[0]
        response = client.get(url, follow=True)
        assert response.status_code == 200, (name, url, response.status_code)
        opened += 1
    assert opened >= 25


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role)[1:])
def test_every_role_gets_a_page_or_a_clear_refusal(tenant_a, world, login, role):
    client = login(tenant_a.user(role))
    values, by_kind = fill_for(None, world, tenant_a)
    for route, name in get_pages():
        obj = by_kind.get(name)
        if "<int:pk>" in route and obj is None:
            continue
        url = fill(route, {**values, "int": [obj.pk] if obj else values["int"]})[0]
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (role.label, name, url, response.status_code)
