"""The venues API: the same services, filter and visibility as the pages."""

from decimal import Decimal

import pytest

from dragonfly.tenancy.roles import Role
from locations.models import Location

from .helpers import make_location, make_space

pytestmark = pytest.mark.django_db
R = Role
JSON = "application/json"


def test_venues_through_the_api_and_roles(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        "/api/venues/",
        {"workspace": tenant_a.workspace.pk, "name": "Forum", "timezone": "America/Los_Angeles", "kind": "arena"},
        content_type=JSON,
    )
    assert response.status_code == 201
    response = client.post(
        "/api/venues/",
        {"workspace": tenant_a.workspace.pk, "name": "Nowhere", "timezone": "Mars/Olympus"},
        content_type=JSON,
    )
    assert response.status_code == 400
    deviator = login(tenant_a.user(R.DEVIATOR))
    assert deviator.get("/api/venues/").json()["count"] == 1
    assert (
        deviator.post("/api/venues/", {"workspace": tenant_a.workspace.pk, "name": "x"}, content_type=JSON).status_code
        == 403
    )


def test_spaces_filters_and_edits(tenant_a, login):
    venue = make_location(tenant_a, "Harbor Field", city="Boston", kind="field")
    make_space(venue, "Main Stage")
    make_location(tenant_a, "Forum", tz="America/Los_Angeles", kind="arena")
    client = login(tenant_a.user(R.GLADIATOR))
    names = lambda **params: [row["name"] for row in client.get("/api/venues/", params).json()["results"]]  # noqa: E731
    assert names() == ["Forum", "Harbor Field", "Main Stage"]
    assert names(top_level="true") == ["Forum", "Harbor Field"]
    assert names(parent=venue.pk) == ["Main Stage"]
    assert names(q="boston") == ["Harbor Field"]
    assert names(kind="stage,arena") == ["Forum", "Main Stage"]
    response = client.patch(f"/api/venues/{venue.pk}/", {"capacity": 12000, "latitude": 42.35}, content_type=JSON)
    assert response.status_code == 200 and response.json()["capacity"] == 12000
    response = client.patch(f"/api/venues/{venue.pk}/", {"latitude": "91"}, content_type=JSON)
    assert response.status_code == 400
    assert Location.objects.get(pk=venue.pk).latitude == Decimal("42.35")


def test_a_space_sits_inside_a_venue_of_the_same_workspace(tenant_a, login):
    venue = make_location(tenant_a, "Harbor Field")
    stage = make_space(venue)
    elsewhere = make_location(tenant_a, "Depot", workspace=tenant_a.other_workspace)
    client = login(tenant_a.user(R.PHANTOM))
    inside_a_space = {"workspace": tenant_a.workspace.pk, "name": "Booth", "parent": stage.pk}
    response = client.post("/api/venues/", inside_a_space, content_type=JSON)
    assert response.status_code == 400 and "top-level venue" in response.json()["detail"]
    other_workspace = {"workspace": tenant_a.workspace.pk, "name": "Booth", "parent": elsewhere.pk}
    response = client.post("/api/venues/", other_workspace, content_type=JSON)
    assert response.status_code == 400
    assert "belongs to “Acme Festival”" in response.json()["errors"]["parent"][0]  # the field names the mismatch
    assert Location.objects.filter(name="Booth").count() == 0


def test_a_second_venue_of_the_same_name_is_created_with_the_pages_warning(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    venue = {"workspace": tenant_a.workspace.pk, "name": "Town Hall", "timezone": "Europe/London", "city": "Leeds"}
    first = client.post("/api/venues/", venue, content_type=JSON)
    assert first.status_code == 201 and first.json()["warnings"] == []
    second = client.post("/api/venues/", {**venue, "city": "York"}, content_type=JSON)
    assert second.status_code == 201, second.content
    assert second.json()["warnings"] == [
        "Another venue in this workspace is also named “Town Hall” (Leeds): check it is not the same place."
    ]
    assert Location.objects.filter(name="Town Hall").count() == 2
