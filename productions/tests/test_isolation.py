"""The project-wide isolation walk, narrowed to the productions and events pages and API routes,
plus explicit 404s for another organization's ids on the API."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import (
    assert_anonymous_sent_to_log_in,
    assert_another_org_sees_nothing,
    routes_under,
    values_for,
)
from events.tests.isolation import make_secret_objects as secret_events
from productions.tests.isolation import make_secret_objects as secret_productions

pytestmark = pytest.mark.django_db
MINE = (
    "productions/",
    "events/",
    "api/productions",
    "api/production-team",
    "api/milestones",
    "api/tasks",
    "api/compliance-items",
    "api/venues",
    "api/events",
    "api/crew-calls",
    "api/run-of-show-cues",
    "api/incidents",
)


@pytest.fixture
def world(tenant_a):
    objects = {f"p.{k}": v for k, v in secret_productions(tenant_a).items()}
    objects.update({f"e.{k}": v for k, v in secret_events(tenant_a).items()})
    return objects


def my_routes():
    return routes_under(MINE)


def test_another_organization_reaches_none_of_our_pages_or_api(tenant_a, tenant_b, world, client):
    assert len(my_routes()) > 60
    roles = (Role.PHANTOM, Role.GLADIATOR, Role.RAIDER)
    methods = ("get", "post", "patch", "delete")
    assert_another_org_sees_nothing(client, tenant_b, roles, my_routes(), values_for(tenant_a, world), methods)


def test_anonymous_visitors_are_sent_to_log_in(tenant_a, world, client):
    assert_anonymous_sent_to_log_in(client, my_routes(), values_for(tenant_a, world))


@pytest.mark.parametrize(
    "key,url",
    [
        ("p.production", "/api/productions/{}/"),
        ("p.milestone", "/api/milestones/{}/"),
        ("p.task", "/api/tasks/{}/"),
        ("p.compliance", "/api/compliance-items/{}/"),
        ("p.team_member", "/api/production-team/{}/"),
        ("e.venue", "/api/venues/{}/"),
        ("e.event", "/api/events/{}/"),
        ("e.crew_call", "/api/crew-calls/{}/"),
        ("e.cue", "/api/run-of-show-cues/{}/"),
        ("e.incident", "/api/incidents/{}/"),
    ],
)
def test_api_answers_404_for_another_organizations_ids(tenant_a, tenant_b, world, login, key, url):
    client = login(tenant_b.user(Role.PHANTOM))
    target = url.format(world[key].pk)
    assert client.get(target).status_code == 404
    assert client.patch(target, {"title": "x"}, content_type="application/json").status_code in (404, 405)
    assert client.delete(target).status_code in (404, 405)
    listing = client.get(url.split("{}")[0]).json()
    assert listing["count"] == 0


def test_api_refuses_to_point_at_another_organizations_rows(tenant_a, tenant_b, world, login):
    """B cannot create a task on A's production, nor an event at A's venue or in A's workspace."""
    client = login(tenant_b.user(Role.GLADIATOR))
    response = client.post(
        "/api/tasks/", {"production": world["p.production"].pk, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and "production" in response.json()["errors"]
    response = client.post(
        "/api/events/",
        {
            "workspace": tenant_a.workspace.pk,
            "title": "x",
            "starts_at": "2027-01-01T10:00:00Z",
            "ends_at": "2027-01-01T11:00:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "workspace" in response.json()["errors"]
    response = client.post(
        "/api/events/",
        {
            "workspace": tenant_b.workspace.pk,
            "title": "x",
            "starts_at": "2027-01-01T10:00:00Z",
            "ends_at": "2027-01-01T11:00:00Z",
            "location": world["e.venue"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "location" in response.json()["errors"]
