"""A production manager runs a venue: its load-in details, its facilities, a site map with pins and
zones placed on it, its utilities with meter readings and outages, and the workspace's booking rule."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from locations import services
from locations.errors import LocationInvalid
from locations.models import ClashPolicy, Location, MeterReading, Outage, SiteMap, Utility, Zone

from .helpers import make_location, make_site_map, make_space, make_utility, make_zone, plan_upload

pytestmark = pytest.mark.django_db
R = Role


def test_a_production_manager_sets_up_a_festival_site(tenant_a, login):
    manager = tenant_a.user(R.GLADIATOR)
    field = make_location(tenant_a, "Harbor Field", kind="field")
    client = login(manager)
    # Load-in details on the venue's form.
    edit = {"name": "Harbor Field", "kind": "field", "timezone": "America/New_York"}
    edit |= {"loading_dock": "North gate, 2 trucks", "power": "2 × 400 A 3-phase", "parking": "Lot C"}
    assert client.post(reverse("locations:edit", args=[field.pk]), edit).status_code == 302
    # A facility: the venue's page links to the new-venue form with the venue picked.
    page = client.get(reverse("locations:detail", args=[field.pk])).content.decode()
    new_facility = f"{reverse('locations:new', args=[tenant_a.org.slug, tenant_a.workspace.slug])}?parent={field.pk}"
    assert new_facility in page and "2 × 400 A 3-phase" in page
    assert client.get(new_facility).context["form"].initial["parent"] == str(field.pk)
    facility = {"name": "North Gate", "kind": "gate", "parent": field.pk, "capacity": 6000, "timezone": "UTC"}
    assert client.post(new_facility, facility).status_code == 302
    gate = Location.objects.get(name="North Gate")
    assert (gate.parent, gate.kind, gate.capacity) == (field, "gate", 6000)
    # A site map: its plan goes to the technical-drawings bucket.
    response = client.post(
        reverse("locations:add_site_map", args=[field.pk]), {"name": "Festival site", "file": plan_upload()}
    )
    site_map = SiteMap.objects.get()
    assert response["Location"] == reverse("locations:site_map", args=[site_map.pk])
    assert site_map.plan.bucket == "technical-drawings" and site_map.is_image
    # A pin and a zone by their coordinates (what the click on the plan fills in).
    add = reverse("locations:add_zone", args=[site_map.pk])
    assert client.post(add, {"name": "First aid", "kind": "pin", "x": "0.78", "y": "0.62"}).status_code == 302
    zone = {"name": "Artist village", "kind": "area", "x": "0.6", "y": "0.1", "width": "0.3", "height": "0.2"}
    assert client.post(add, zone).status_code == 302
    pin, village = Zone.objects.get(name="First aid"), Zone.objects.get(name="Artist village")
    assert pin.points == [[0.78, 0.62]]
    assert village.points == [[0.6, 0.1], [0.9, 0.1], [0.9, 0.3], [0.6, 0.3]]
    page = client.get(reverse("locations:site_map", args=[site_map.pk])).content.decode()
    assert f'id="zone-{pin.pk}"' in page and 'points="0.6,0.1 0.9,0.1 0.9,0.3 0.6,0.3"' in page
    assert "js/site_map.js" in page
    # A zone without a size is refused, nothing placed.
    response = client.post(add, {"name": "Half", "kind": "area", "x": "0.1", "y": "0.1"})
    assert response.status_code == 400 and Zone.objects.count() == 2
    # Utilities: power with a reading.
    utility_data = {"kind": "power", "supplier": "Eversource", "capacity": "400 A 3-phase", "meter_unit": "kWh"}
    response = client.post(reverse("locations:add_utility", args=[field.pk]), utility_data)
    power = Utility.objects.get()
    assert response["Location"] == reverse("locations:utility", args=[power.pk])
    today = timezone.localdate()
    reading = {"read_on": today.isoformat(), "value": "18240.5"}
    assert client.post(reverse("locations:add_reading", args=[power.pk]), reading).status_code == 302
    tomorrow = {"read_on": (today + datetime.timedelta(days=2)).isoformat(), "value": "1"}
    assert client.post(reverse("locations:add_reading", args=[power.pk]), tomorrow).status_code == 400
    assert list(MeterReading.objects.values_list("value", flat=True)) == [Decimal("18240.500")]
    page = client.get(reverse("locations:utility", args=[power.pk])).content.decode()
    assert "18240.5" in page and "Eversource" in page


def test_zone_rules_refuse_and_change_nothing(tenant_a):
    manager = tenant_a.user(R.GLADIATOR)
    site_map = make_site_map(make_location(tenant_a), manager)
    refused = [
        {"kind": "pin", "points": [[0.1, 0.1], [0.2, 0.2]]},  # a pin is one point
        {"kind": "area", "points": [[0.1, 0.1], [0.2, 0.2]]},  # a zone at least three
        {"kind": "pin", "points": [[1.2, 0.5]]},  # off the plan
        {"kind": "pin", "points": [["left", 0.5]]},
        {"kind": "circle", "points": [[0.5, 0.5]]},
    ]
    for case in refused:
        with pytest.raises(LocationInvalid):
            services.add_zone(site_map, actor=manager, name="Gate", **case)
    assert not Zone.objects.exists()
    with pytest.raises(PermissionDenied):
        services.add_zone(site_map, actor=tenant_a.user(R.DEVIATOR), name="Gate", points=[[0.5, 0.5]])


def test_the_workspace_booking_rule_is_set_by_the_managers(tenant_a, login):
    url = reverse("locations:clash_policy", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    assert services.clash_policy(tenant_a.workspace.pk) == ClashPolicy.REFUSE  # the default
    assert login(tenant_a.user(R.NAVIGATOR)).post(url, {"on_clash": "warn"}).status_code == 403
    client = login(tenant_a.user(R.GLADIATOR))
    assert client.post(url, {"on_clash": "maybe"}).status_code == 400
    assert services.clash_policy(tenant_a.workspace.pk) == ClashPolicy.REFUSE
    assert client.post(url, {"on_clash": "warn"}).status_code == 302
    assert services.clash_policy(tenant_a.workspace.pk) == ClashPolicy.WARN
    listing = client.get(reverse("locations:list", args=[tenant_a.org.slug, tenant_a.workspace.slug]))
    assert listing.context["policy_form"].initial == {"on_clash": "warn"}


def test_an_outage_with_no_event_on_stays_a_record_of_the_site(tenant_a):
    venue = make_location(tenant_a)
    power = make_utility(venue)
    started = timezone.now() - datetime.timedelta(hours=2)
    outage = services.report_outage(
        power, actor=tenant_a.user(R.DEVIATOR), started_at=started, description="Distro tripped"
    )
    assert Outage.objects.get() == outage and outage.reported_by == tenant_a.user(R.DEVIATOR)
    with pytest.raises(LocationInvalid):
        services.report_outage(
            power,
            actor=tenant_a.user(R.DEVIATOR),
            started_at=timezone.now() + datetime.timedelta(hours=1),
            description="x",
        )
    with pytest.raises(PermissionDenied):
        services.report_outage(power, actor=tenant_a.user(R.PASSENGER), started_at=started, description="x")
    assert Outage.objects.count() == 1


def test_site_pages_by_role(tenant_a):
    from dragonfly.testing.matrix import assert_url_matrix

    gladiator = tenant_a.user(R.GLADIATOR)
    venue = make_location(tenant_a)
    site_map = make_site_map(venue, gladiator)
    power = make_utility(venue)
    managers = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
    readers = managers | {R.NAVIGATOR, R.DEVIATOR, R.PASSENGER}
    on_site = managers | {R.NAVIGATOR, R.DEVIATOR}
    now = timezone.localtime(timezone.now() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    requests = {
        "open a site map": ("get", reverse("locations:site_map", args=[site_map.pk]), None),
        "open a utility": ("get", reverse("locations:utility", args=[power.pk]), None),
        "place a pin": (
            "post",
            reverse("locations:add_zone", args=[site_map.pk]),
            {"name": "FOH", "kind": "pin", "x": "0.3", "y": "0.5"},
        ),
        "upload a site map": (
            "post",
            reverse("locations:add_site_map", args=[venue.pk]),
            {"name": "Plan", "file": plan_upload()},
        ),
        "add a utility": ("post", reverse("locations:add_utility", args=[venue.pk]), {"kind": "water"}),
        "read the meter": (
            "post",
            reverse("locations:add_reading", args=[power.pk]),
            {"read_on": timezone.localdate().isoformat(), "value": "10"},
        ),
        "report an outage": (
            "post",
            reverse("locations:report_outage", args=[power.pk]),
            {"started_at": now, "description": "Tripped"},
        ),
        "set the booking rule": (
            "post",
            reverse("locations:clash_policy", args=[tenant_a.org.slug, tenant_a.workspace.slug]),
            {"on_clash": "warn"},
        ),
    }
    expected = {
        "open a site map": readers,
        "open a utility": readers,
        "place a pin": managers,
        "upload a site map": managers,
        "add a utility": managers,
        "read the meter": on_site,
        "report an outage": on_site,
        "set the booking rule": managers,
    }
    assert_url_matrix(tenant_a, requests, expected)


def test_another_organization_opens_none_of_the_site(tenant_a, tenant_b):
    from dragonfly.testing.matrix import assert_url_matrix

    venue = make_location(tenant_a)
    site_map = make_site_map(venue, tenant_a.user(R.GLADIATOR))
    zone = make_zone(site_map)
    power = make_utility(venue)
    requests = {
        "open a site map": ("get", reverse("locations:site_map", args=[site_map.pk]), None),
        "open a utility": ("get", reverse("locations:utility", args=[power.pk]), None),
        "remove a zone": ("post", reverse("locations:delete_zone", args=[zone.pk]), None),
        "read the meter": ("post", reverse("locations:add_reading", args=[power.pk]), {"value": "1"}),
        "zone through the API": ("get", f"/api/zones/{zone.pk}/", None),
        "utility through the API": ("get", f"/api/utilities/{power.pk}/", None),
    }
    assert_url_matrix(tenant_b, requests, {action: set() for action in requests})
    assert Zone.objects.filter(pk=zone.pk).exists()


def test_facilities_show_on_their_venue_with_their_capacity(tenant_a, login):
    venue = make_location(tenant_a, "Harbor Field")
    make_space(venue, "Main Stage", capacity=25000)
    make_space(venue, "Artist Village", kind="backstage")
    page = login(tenant_a.user(R.PASSENGER)).get(reverse("locations:detail", args=[venue.pk])).content.decode()
    assert "Main Stage" in page and "25000" in page and "Backstage area" in page
    assert "Add a facility" not in page  # a reader adds none
