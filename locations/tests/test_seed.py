"""The demo's venues and site operations load through the services and add nothing on a second run."""

import io

import pytest
from django.core.management import call_command

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_org, make_workspace
from locations.models import Location, MeterReading, Outage, SiteMap, Utility, Zone

pytestmark = pytest.mark.django_db
MODELS = (Location, SiteMap, Zone, Utility, MeterReading, Outage)


def test_the_demo_site_loads_twice_without_duplicates():
    org = make_org("Northstar Live", slug="northstar")
    for slug in ("aurora-tour", "harbor-fest"):
        make_workspace(org, slug.replace("-", " ").title(), slug=slug)
    make_member(Role.PHANTOM, org, None)  # the office the seed acts as
    call_command("seed_locations_demo", stdout=io.StringIO())
    counts = [model.objects.count() for model in MODELS]
    call_command("seed_locations_demo", stdout=io.StringIO())
    assert [model.objects.count() for model in MODELS] == counts
    field = Location.objects.get(name="Harbor Field")
    assert field.spaces.filter(kind="gate").exists() and field.power
    site_map = SiteMap.objects.get(location=field)
    assert site_map.is_image and {z.kind for z in site_map.zones.all()} == {"pin", "area"}
    assert Utility.objects.filter(location=field).count() == 4
    assert MeterReading.objects.filter(utility__location=field).count() == 4
    outages = Outage.objects.filter(utility__location=field)
    assert outages.count() == 2 and outages.filter(ended_at__isnull=True).count() == 1  # one to mark over
