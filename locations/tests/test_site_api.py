"""The site API: site maps, zones, utilities, readings and outages through the same services,
filters and visibility as the pages; errors are JSON."""

import datetime

import pytest
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from locations.models import MeterReading, Outage, Zone

from .helpers import make_location, make_site_map, make_utility, make_zone, plan_upload

pytestmark = pytest.mark.django_db
R = Role
JSON = "application/json"


def test_zones_through_the_api(tenant_a, tenant_b, login):
    gladiator = tenant_a.user(R.GLADIATOR)
    site_map = make_site_map(make_location(tenant_a), gladiator)
    client = login(gladiator)
    response = client.post(
        "/api/zones/",
        {"site_map": site_map.pk, "name": "Stage", "kind": "area", "points": [[0.1, 0.1], [0.5, 0.1], [0.3, 0.4]]},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    zone_id = response.json()["id"]
    bad = client.post(
        "/api/zones/", {"site_map": site_map.pk, "name": "Off", "kind": "pin", "points": [[2, 0]]}, content_type=JSON
    )
    assert bad.status_code == 400 and "between 0 and 1" in str(bad.json())
    response = client.patch(f"/api/zones/{zone_id}/", {"name": "Main Stage"}, content_type=JSON)
    assert response.status_code == 200 and Zone.objects.get(pk=zone_id).name == "Main Stage"
    listed = client.get(f"/api/zones/?site_map={site_map.pk}").json()
    assert [row["id"] for row in listed["results"]] == [zone_id]
    assert login(tenant_a.user(R.DEVIATOR)).delete(f"/api/zones/{zone_id}/").status_code == 403
    outsider = login(tenant_b.user(R.PHANTOM))
    assert outsider.get(f"/api/zones/{zone_id}/").status_code == 404
    assert outsider.get("/api/zones/").json()["count"] == 0
    assert login(gladiator).delete(f"/api/zones/{zone_id}/").status_code == 204


def test_site_maps_utilities_readings_and_outages_through_the_api(tenant_a, login):
    venue = make_location(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post("/api/site-maps/", {"location": venue.pk, "name": "Ground floor", "upload": plan_upload()})
    assert response.status_code == 201 and response.json()["plan"]
    response = client.post(
        "/api/utilities/", {"location": venue.pk, "kind": "internet", "capacity": "1 Gbit/s"}, content_type=JSON
    )
    assert response.status_code == 201
    utility = response.json()["id"]
    deviator = login(tenant_a.user(R.DEVIATOR))
    reading = {"utility": utility, "read_on": timezone.localdate().isoformat(), "value": "12.5"}
    assert deviator.post("/api/meter-readings/", reading, content_type=JSON).status_code == 201
    assert MeterReading.objects.get().recorded_by == tenant_a.user(R.DEVIATOR)
    started = (timezone.now() - datetime.timedelta(minutes=30)).isoformat()
    outage = {"utility": utility, "started_at": started, "description": "Fibre cut"}
    assert deviator.post("/api/outages/", outage, content_type=JSON).status_code == 201
    assert deviator.get(f"/api/outages/?utility={utility}").json()["count"] == 1
    passenger = login(tenant_a.user(R.PASSENGER))
    refused = passenger.post("/api/outages/", outage, content_type=JSON)
    assert refused.status_code == 403 and refused["Content-Type"].startswith("application/json")


def test_the_api_lists_cost_the_same_at_any_size(tenant_a, login):
    from dragonfly.testing.queries import assert_constant_queries

    gladiator = tenant_a.user(R.GLADIATOR)
    venue = make_location(tenant_a)
    site_map = make_site_map(venue, gladiator)
    client = login(gladiator)

    make_zone(site_map, name="Stage")
    started = timezone.now() - datetime.timedelta(days=1)
    Outage.objects.create(utility=make_utility(venue), started_at=started, description="Tripped", reported_by=gladiator)

    def add_rows():
        for i in range(5):
            make_zone(make_site_map(venue, gladiator, name=f"Level {i}"), name=f"Zone {i}")
            water = make_utility(venue, kind="water")
            Outage.objects.create(utility=water, started_at=started, description=f"Burst {i}", reported_by=gladiator)

    for url in ("/api/zones/", "/api/utilities/", "/api/site-maps/", "/api/outages/"):
        assert_constant_queries(client, url, add_rows)
