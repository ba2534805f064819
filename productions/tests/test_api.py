"""The productions API: the same services, filters and permissions as the pages."""

import datetime

import pytest

from dragonfly.tenancy.roles import Role
from productions.models import Milestone, Production, Task

from .helpers import make_location, make_production

pytestmark = pytest.mark.django_db
R = Role


def test_create_edit_move_and_summarize_a_production(tenant_a, login, django_capture_on_commit_callbacks):
    gladiator = tenant_a.user(R.GLADIATOR)
    venue = make_location(tenant_a)
    client = login(gladiator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/productions/",
            {
                "workspace": tenant_a.workspace.pk,
                "name": "Aurora — MSG",
                "type": "concert",
                "venue": venue.pk,
                "production_manager": gladiator.pk,
                "start_date": "2027-03-01",
                "tags": "Arena",
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "concept" and body["allowed_moves"] == ["planning", "on_hold", "cancelled"]
    pk = body["id"]
    response = client.patch(f"/api/productions/{pk}/", {"code": "aur"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["code"] == "AUR"
    response = client.patch(f"/api/productions/{pk}/", {"status": "completed"}, content_type="application/json")
    assert Production.objects.get(pk=pk).status == "concept"  # status is read-only here
    response = client.post(f"/api/productions/{pk}/move/", {"to_status": "completed"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert response.json()["detail"] == "This production is a concept; it can't be completed."
    response = client.post(f"/api/productions/{pk}/move/", {"to_status": "planning"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "planning"
    summary = client.get(f"/api/productions/{pk}/summary/").json()
    assert summary["tasks"] == {"todo": 0, "in_progress": 0, "blocked": 0, "done": 0}
    assert summary["milestones_open"] == 3
    health = client.get(f"/api/productions/{pk}/health/").json()
    assert health["score"] == 100 and len(health["factors"]) == 6


def test_roles_decide_on_the_api_as_on_the_pages(tenant_a, login):
    production = make_production(tenant_a)
    navigator = login(tenant_a.user(R.NAVIGATOR))
    assert navigator.get(f"/api/productions/{production.pk}/").status_code == 200
    response = navigator.patch(f"/api/productions/{production.pk}/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    response = navigator.post(
        f"/api/productions/{production.pk}/move/", {"to_status": "planning"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = navigator.post(
        "/api/productions/", {"workspace": tenant_a.workspace.pk, "name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    ambassador = login(tenant_a.user(R.AMBASSADOR))
    assert ambassador.get(f"/api/productions/{production.pk}/").status_code == 404


def test_tasks_through_the_api(tenant_a, login):
    production = make_production(tenant_a)
    raider = tenant_a.user(R.RAIDER)
    navigator = login(tenant_a.user(R.NAVIGATOR))
    response = navigator.post(
        "/api/tasks/",
        {
            "production": production.pk,
            "title": "Order barricades",
            "assignee": raider.pk,
            "priority": "high",
            "due_date": "2027-02-01",
            "new_checklist": ["Quote", "PO"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert [c["text"] for c in response.json()["checklist"]] == ["Quote", "PO"]
    response = navigator.post(f"/api/tasks/{pk}/move/", {"to_status": "done"}, content_type="application/json")
    assert response.json()["status"] == "done" and response.json()["completed_at"]
    response = navigator.post(f"/api/tasks/{pk}/move/", {"to_status": "done"}, content_type="application/json")
    assert response.status_code == 409
    raider_client = login(raider)
    assert raider_client.get("/api/tasks/").json()["count"] == 1
    Task.objects.create(production=production, title="Not theirs")
    assert raider_client.get("/api/tasks/").json()["count"] == 1
    response = raider_client.post(f"/api/tasks/{pk}/comments/", {"body": "Delivered"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["author"]["id"] == raider.pk
    # the list filters are the pages' filters (one test client: log the navigator back in)
    navigator = login(tenant_a.user(R.NAVIGATOR))
    assert navigator.get("/api/tasks/", {"status": "todo"}).json()["count"] == 1
    assert navigator.get("/api/tasks/", {"status": "done,todo"}).json()["count"] == 2
    assert navigator.get("/api/tasks/", {"assignee": raider.pk}).json()["count"] == 1


def test_an_assignee_from_another_workspace_is_refused(tenant_a, login):
    production = make_production(tenant_a)
    outsider = tenant_a.users[R.RAIDER]
    from dragonfly.tenancy.models import Membership

    Membership.objects.filter(user=outsider).update(workspace=tenant_a.other_workspace)
    response = login(tenant_a.user(R.GLADIATOR)).post(
        "/api/tasks/",
        {"production": production.pk, "title": "x", "assignee": outsider.pk},
        content_type="application/json",
    )
    # The Gladiator shares no workspace with the outsider, so the id names nobody they may see.
    assert response.status_code == 400 and "assignee" in response.json()["errors"]


def test_milestones_and_compliance_through_the_api(tenant_a, login):
    production = make_production(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        "/api/milestones/",
        {"production": production.pk, "title": "Permits filed", "due_date": "2027-01-10"},
        content_type="application/json",
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.patch(f"/api/milestones/{pk}/", {"done": True}, content_type="application/json")
    assert response.json()["done_at"] is not None and Milestone.objects.get().done_at
    response = client.post(
        "/api/compliance-items/",
        {
            "production": production.pk,
            "kind": "insurance",
            "title": "Public liability",
            "status": "approved",
            "expires_on": (datetime.date.today() + datetime.timedelta(days=5)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "expiring"
    response = client.post(
        "/api/compliance-items/",
        {"production": production.pk, "title": "x", "status": "expired"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_the_openapi_schema_lists_the_routes(tenant_a, login):
    schema = login(tenant_a.user(R.GLADIATOR)).get("/api/schema/", {"format": "json"}).json()
    for route in (
        "/api/productions/",
        "/api/productions/{id}/move/",
        "/api/productions/{id}/summary/",
        "/api/milestones/",
        "/api/tasks/",
        "/api/tasks/{id}/comments/",
        "/api/compliance-items/",
        "/api/venues/",
        "/api/events/",
        "/api/events/check-conflicts/",
        "/api/events/{id}/conflicts/",
        "/api/run-of-show-cues/",
        "/api/incidents/",
        "/api/incidents/{id}/move/",
        "/api/crew-calls/",
    ):
        assert route in schema["paths"], route
