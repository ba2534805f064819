import io

import pytest
from django.core.management import call_command

from assets.models import Asset
from people.models import Assignment, Person


@pytest.mark.django_db
def test_demo_crew_and_gear_load_twice_without_duplicates():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_people_assets", stdout=io.StringIO())
    counts = (Person.objects.count(), Asset.objects.count(), Assignment.objects.count())
    call_command("seed_people_assets", stdout=io.StringIO())
    assert (Person.objects.count(), Asset.objects.count(), Assignment.objects.count()) == counts
    assert counts[0] >= 24 and counts[1] >= 100 and counts[2] > 0
