"""Choices carry what tells them apart: an occurrence its date, a venue its city, a crew record its workspace."""

import datetime

import pytest
from django.utils import timezone

from assets.forms import ReserveForm
from dragonfly.tenancy.roles import Role
from events.forms import EventForm
from locations.models import Location
from people.forms import LogHoursForm
from people.models import Person
from productions.tests.helpers import make_event

pytestmark = pytest.mark.django_db


def labels(field):
    return [label for value, label in field.choices if value != ""]


def test_occurrences_of_a_series_read_with_their_dates(tenant_a):
    first = timezone.now() + datetime.timedelta(days=7)
    for week in range(4):
        make_event(tenant_a, "Jazz night", start=first + datetime.timedelta(weeks=week))
    form = ReserveForm(user=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace)
    shown = labels(form.fields["event"])
    assert len(set(shown)) == 4, shown
    assert shown[0] == f"Jazz night · {timezone.localtime(first):%a %-d %b %Y}"


def test_two_venues_of_one_name_read_with_their_cities(tenant_a):
    for city in ("Leeds", "York"):
        Location.objects.create(workspace=tenant_a.workspace, name="Town Hall", city=city)
    form = EventForm(user=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace)
    assert sorted(labels(form.fields["location"])) == ["Town Hall, Leeds", "Town Hall, York"]


def test_a_person_with_crew_records_in_two_workspaces_reads_with_the_workspace(tenant_a):
    user = tenant_a.user(Role.RAIDER)
    records = [
        Person.objects.create(workspace=ws, first_name="Ana", last_name="Lopez", user=user)
        for ws in (tenant_a.workspace, tenant_a.other_workspace)
    ]
    form = LogHoursForm(user=tenant_a.user(Role.PHANTOM), people=records)
    assert sorted(labels(form.fields["person"])) == ["Ana Lopez (Acme Festival)", "Ana Lopez (Acme Tour)"]
