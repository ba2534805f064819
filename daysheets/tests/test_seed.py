"""The demo's show days have full day sheets: crew calls and the venue's load-in, parking, power and
contacts; a second run of the seed changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from daysheets import selectors
from locations.models import Location

pytestmark = pytest.mark.django_db


def test_the_demo_has_full_day_sheets_and_a_second_run_adds_nothing(seeded_demo, client):
    details = list(Location.objects.values_list("pk", "contacts", "parking"))
    call_command("seed_daysheets_demo", stdout=io.StringIO())
    assert list(Location.objects.values_list("pk", "contacts", "parking")) == details

    # The festival's promoter rep (northstar's Phantom) is called on Harbor Field's days.
    promoter = get_user_model().objects.get(username="northstar-phantom")
    called = [s for s in selectors.upcoming_sheets(promoter) if s.called]
    assert called, "the demo calls the promoter rep on an upcoming show day"
    full = []
    for summary in called:
        sheet = selectors.day_sheet(promoter, summary.production.pk, summary.day)
        venue = sheet.venues[0] if sheet.venues else None
        if (
            venue
            and all(item.calls for item in sheet.events)
            and venue.details
            and all((venue.loading_dock, venue.parking, venue.power, venue.contacts))
        ):
            full.append(sheet)
    assert full, "at least one of the demo's day sheets has crew calls and every venue detail"
    client.force_login(promoter)
    sheet = full[0]
    page = client.get(f"/daysheets/{sheet.production.pk}/{sheet.day.isoformat()}/").content.decode()
    assert "Truck park on Pier Road" in page and "Site office" in page and "Promoter rep" in page


def test_the_demo_day_sheets_list_advances_for_the_day(seeded_demo):
    """The demo's advances name their production's next show days: that day's sheet lists their lines."""
    manager = get_user_model().objects.get(username="northstar-gladiator")
    sheets = [selectors.day_sheet(manager, s.production.pk, s.day) for s in selectors.upcoming_sheets(manager)]
    with_day_lines = [sheet for sheet in sheets if sheet is not None and sheet.day_lines]
    assert with_day_lines, "a demo day sheet lists the advance lines for its day"
    sheet = with_day_lines[0]
    day_events = {item.event.pk for item in sheet.events}
    assert all(line.advance.event_id in day_events for line in sheet.day_lines)
    assert all(line.advance.event_id is None for line in sheet.production_lines)
