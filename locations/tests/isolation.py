"""Venues for the project-wide isolation walk (dragonfly/core/tests/test_isolation.py): all named
"Zebra Secret …", with a site document, so any page or API answer that shows one is caught."""

from django.core.files.base import ContentFile

from dragonfly.tenancy.roles import Role
from locations import services
from locations.models import Location


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
    return {"venue": venue, "hall": hall, "site_document": document}
