"""Venues for the project-wide isolation walk (dragonfly/core/tests/test_isolation.py): all named
"Zebra Secret …", with a site document, so any page or API answer that shows one is caught."""

from django.core.files.base import ContentFile
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from locations import services
from locations.models import Location

from .helpers import plan_upload


def make_secret_objects(tenant):
    gladiator = tenant.user(Role.GLADIATOR)
    venue = Location.objects.create(
        workspace=tenant.workspace,
        name="Zebra Secret Amphitheatre",
        timezone="Europe/Berlin",
        address="Zebra Secret Road 2",
        contacts="Zebra Secret box office",
        notes="Zebra Secret loading dock",
    )
    hall = Location.objects.create(
        workspace=tenant.workspace, parent=venue, name="Zebra Secret Hall", kind="stage", timezone="Europe/Berlin"
    )
    plan = ContentFile(b"%PDF-1.4\n%secret floor plan\n", name="secret-rider.pdf")
    document = services.add_site_document(venue, actor=gladiator, upload=plan, bucket="documents")
    site_map = services.add_site_map(venue, actor=gladiator, name="Zebra Secret Site Plan", upload=plan_upload())
    zone = services.add_zone(site_map, actor=gladiator, name="Zebra Secret Gate", points=[[0.5, 0.5]])
    utility = services.add_utility(venue, actor=gladiator, kind="power", supplier="Zebra Secret Power Co")
    outage = services.report_outage(
        utility, actor=gladiator, started_at=timezone.now(), description="Zebra Secret blackout"
    )
    return {
        "venue": venue,
        "hall": hall,
        "site_document": document,
        "site_map": site_map,
        "zone": zone,
        "utility": utility,
        "outage": outage,
    }
