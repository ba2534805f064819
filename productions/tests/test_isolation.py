"""The project-wide isolation walk, narrowed to the productions and events pages and API routes,
plus explicit 404s for another organization's ids on the API."""

import pytest

from dragonfly.core.tests.test_isolation import PUBLIC, fill, project_patterns, snapshot, values_for
from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import probe
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
    return [(route, name, p) for route, name, p in project_patterns() if route.startswith(MINE)]


def test_another_organization_reaches_none_of_our_pages_or_api(tenant_a, tenant_b, world, client):
    before = snapshot()
    values = values_for(tenant_a, world)
    leaks, wrong = [], []
    assert len(my_routes()) > 60
    for role in (Role.PHANTOM, Role.GLADIATOR, Role.RAIDER):
        client.force_login(tenant_b.user(role))
        for route, name, _ in my_routes():
            for url in fill(route, values):
                for method in ("get", "post", "patch", "delete"):
                    if method in ("patch", "delete") and not url.startswith("/api/"):
                        continue
                    probe(
                        client, method, url, who=role.label, name=name, must_404="<" in route, leaks=leaks, wrong=wrong
                    )
    assert not leaks, leaks
    assert not wrong, wrong
    after = snapshot()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k] and k != "sessions.Session"} == {}


def test_anonymous_visitors_are_sent_to_log_in(tenant_a, world, client):
    values = values_for(tenant_a, world)
    for route, name, _ in my_routes():
        if name in PUBLIC:
            continue
        for url in fill(route, values):
            response = client.get(url)
            if url.startswith("/api/"):
                assert response.status_code in (401, 403), url
            else:
                assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


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
