"""The demo: each demo organization's next show has a guest list (allotments, guests approved within
them, one declined, a few checked in) and badges with zones of its venue; a second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from guests import door, services
from guests.models import Accreditation, Allotment, CheckIn, GuestRequest, GuestStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_guest_lists_check_ins_and_badges(seeded_demo):
    allotments = Allotment.objects.select_related("event")
    northstar = allotments.filter(event__workspace__organization__slug="northstar")
    assert northstar.count() >= 4 and northstar.values("event").distinct().count() * 4 == northstar.count()
    for allotment in allotments:
        assert services.approved_places(allotment) <= allotment.places
    assert GuestRequest.objects.filter(status=GuestStatus.DECLINED).exists()
    assert GuestRequest.objects.filter(status=GuestStatus.REQUESTED).exists()
    zoned = Accreditation.objects.filter(zones__isnull=False).select_related("event").first()
    assert zoned is not None  # a demo show on a site with a map: its badges name zones
    event = zoned.event
    counts = door.counts(event)
    assert 0 < counts.checked_in < counts.expected
    assert Allotment.objects.filter(user__isnull=False).exists()  # a demo login asks on one
    assert Accreditation.objects.filter(event=event).count() == 4
    before = [m.objects.count() for m in (Allotment, GuestRequest, CheckIn, Accreditation)]
    call_command("seed_guests_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (Allotment, GuestRequest, CheckIn, Accreditation)] == before
