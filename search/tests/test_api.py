"""`GET /api/search`: the same hits as JSON, paged, the same rules; bad input is a JSON 400."""

import pytest

from dragonfly.tenancy.roles import Role

from .helpers import forklift_world

pytestmark = pytest.mark.django_db


def test_the_api_pages_through_hits_of_one_type(tenant_a, login):
    world = forklift_world(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))

    body = client.get("/api/search", {"q": "forklift", "type": "production", "limit": 1}).json()

    assert body["count"] == 1
    assert body["results"][0] == {
        "type": "production",
        "type_label": "Productions",
        "id": str(world["production"].pk),
        "title": "Forklift Festival",
        "snippet": "Concert",
        "url": f"/productions/{world['production'].pk}/",
        "rank": body["results"][0]["rank"],
    }


def test_the_api_without_a_type_lists_every_type_and_nothing_of_another_organization(tenant_a, tenant_b, login):
    forklift_world(tenant_a)
    theirs = forklift_world(tenant_b)
    client = login(tenant_a.user(Role.RAIDER))

    body = client.get("/api/search/", {"q": "forklift", "limit": 200}).json()

    types = {r["type"] for r in body["results"]}
    assert "production" in types and not types & {"company", "asset", "advance_line"}
    assert str(theirs["production"].pk) not in {r["id"] for r in body["results"] if r["type"] == "production"}


def test_bad_input_is_a_json_400(tenant_a, login, client):
    client = login(tenant_a.user(Role.GLADIATOR))

    missing = client.get("/api/search")
    assert missing.status_code == 400 and "q" in missing.json()["errors"]
    unknown = client.get("/api/search", {"q": "x", "type": "budgets"})
    assert unknown.status_code == 400 and "type" in unknown.json()["errors"]


def test_anonymous_api_callers_are_refused(client):
    assert client.get("/api/search", {"q": "forklift"}).status_code in (401, 403)
