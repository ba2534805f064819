"""The venue services: a venue in the organization's timezone unless told otherwise, spaces one
level deep inside a venue of the same workspace, every change in the activity log, documents
checked before they are stored. A refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from locations import services
from locations.errors import LocationInvalid
from locations.models import Location

from .helpers import make_location, make_space

pytestmark = pytest.mark.django_db
R = Role


def test_a_production_manager_adds_a_venue_in_the_organizations_timezone(tenant_a):
    tenant_a.org.timezone = "Europe/Berlin"
    tenant_a.org.save()
    gladiator = tenant_a.user(R.GLADIATOR)
    venue = services.create_location(actor=gladiator, workspace=tenant_a.workspace, name="  Columbiahalle ")
    assert (venue.name, venue.timezone, venue.kind) == ("Columbiahalle", "Europe/Berlin", "arena")
    other = services.create_location(
        actor=gladiator, workspace=tenant_a.workspace, name="Forum", timezone="America/Los_Angeles", capacity=17500
    )
    assert (other.timezone, other.capacity) == ("America/Los_Angeles", 17500)
    verbs = list(ActivityEntry.objects.for_object(venue).values_list("verb", flat=True))
    assert verbs == ["location.created"]


def test_refusals_change_nothing(tenant_a):
    gladiator = tenant_a.user(R.GLADIATOR)
    venue = make_location(tenant_a)
    stage = make_space(venue)
    cases = [
        ({"name": " "}, "Give the venue's name"),
        ({"kind": "castle"}, "kind of venue"),
        ({"timezone": "Mars/Olympus"}, "not a timezone"),
        ({"latitude": "north"}, "must be a number"),
        ({"longitude": "181"}, "between -180 and 180"),
        ({"capacity": -1}, "number of people"),
        ({"parent": stage}, "top-level venue"),
        ({"parent": venue}, "top-level venue"),  # not inside itself
        ({"workspace": tenant_a.other_workspace}, "cannot be changed here"),
    ]
    for changes, message in cases:
        with pytest.raises(LocationInvalid, match=message):
            services.update_location(venue, actor=gladiator, **changes)
        venue.refresh_from_db()
    assert (venue.name, venue.kind, venue.parent_id, venue.latitude) == ("Madison Square Garden", "arena", None, None)
    assert not ActivityEntry.objects.for_object(venue).exists()


def test_a_venue_with_spaces_stays_a_venue(tenant_a):
    venue = make_location(tenant_a, "Harbor Field")
    make_space(venue)
    other = make_location(tenant_a, "Depot")
    with pytest.raises(LocationInvalid, match="spaces of its own"):
        services.update_location(venue, actor=tenant_a.user(R.GLADIATOR), parent=other)


def test_only_roles_that_change_venues_may(tenant_a):
    venue = make_location(tenant_a)
    with pytest.raises(PermissionDenied):
        services.update_location(venue, actor=tenant_a.user(R.NAVIGATOR), name="x")
    with pytest.raises(PermissionDenied):
        services.create_location(actor=tenant_a.user(R.DEVIATOR), workspace=tenant_a.workspace, name="x")
    assert Location.objects.count() == 1


def test_site_documents_are_checked_stored_and_logged(tenant_a):
    venue = make_location(tenant_a)
    gladiator = tenant_a.user(R.GLADIATOR)
    png = SimpleUploadedFile("site-plan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    attachment = services.add_site_document(venue, actor=gladiator, upload=png)
    assert list(services.site_documents(venue)) == [attachment]
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(LocationInvalid):
        services.add_site_document(venue, actor=gladiator, upload=fake)
    with pytest.raises(LocationInvalid, match="kind of document"):
        services.add_site_document(venue, actor=gladiator, upload=png, bucket="avatars")
    assert list(services.site_documents(venue)) == [attachment]
    assert list(ActivityEntry.objects.for_object(venue).values_list("verb", flat=True)) == ["location.document_added"]
