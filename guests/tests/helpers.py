"""Builders for guest list stories (the tenants come from conftest.py)."""

from dragonfly.tenancy.roles import Role
from guests import services
from locations.tests.helpers import make_location, make_site_map, make_zone
from productions.tests.helpers import make_event


def make_show(tenant, title="Aurora Live", *, zones=("Backstage", "Front of house")):
    """A show at a venue with a site map of `zones`; returns (event, {zone name: zone})."""
    venue = make_location(tenant, f"{title} Hall", tz="Europe/Berlin")
    site_map = make_site_map(venue, tenant.user(Role.GLADIATOR))
    made = {name: make_zone(site_map, name) for name in zones}
    return make_event(tenant, title, location=venue), made


def make_allotment(tenant, event, party="Aurora (artist)", places=4, user=None, kind="artist"):
    return services.create_allotment(
        actor=tenant.user(Role.GLADIATOR), event=event, party=party, places=places, user=user, kind=kind
    )


def approved_guest(tenant, allotment, name="Sam Guest", plus_ones=0):
    manager = tenant.user(Role.GLADIATOR)
    guest = services.request_guest(actor=manager, allotment=allotment, name=name, plus_ones=plus_ones)
    return services.approve_request(guest, actor=manager)
