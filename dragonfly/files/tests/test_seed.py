"""The demo's files: a rider with three versions on a production, a floor plan on a venue, the
default categories and a share link opened once; a second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from dragonfly.files.models import Attachment, Document, DocumentCategory, ShareAccess, ShareLink
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_org, make_workspace
from locations.models import Location
from productions.models import Production

pytestmark = pytest.mark.django_db


def test_the_demo_files_seed_twice(media_root):
    org = make_org("Northstar Live", slug="northstar")
    workspace = make_workspace(org, "Aurora World Tour", slug="aurora-tour")
    make_member(Role.GLADIATOR, org, workspace)
    production = Production.objects.create(workspace=workspace, name="Aurora — East leg", code="AUR-MSG")
    venue = Location.objects.create(workspace=workspace, name="Madison Square Garden", timezone="America/New_York")
    call_command("seed_files_demo", stdout=io.StringIO())
    rider = Document.objects.get(title="Technical rider")
    assert rider.content_object == production and rider.category.name == "Riders"
    assert list(rider.versions.order_by("version").values_list("version", flat=True)) == [1, 2, 3]
    assert Document.objects.get(title="Floor plan").content_object == venue
    assert ShareLink.objects.filter(document=rider).count() == 1 and ShareAccess.objects.count() == 1
    counts = [m.objects.count() for m in (Document, Attachment, DocumentCategory, ShareLink, ShareAccess)]
    call_command("seed_files_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (Document, Attachment, DocumentCategory, ShareLink, ShareAccess)] == counts
