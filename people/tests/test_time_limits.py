"""Logged hours obey the same limits as shifts: a day holds at most 24 h, and the fatigue rules
that warn on assignments warn on time entries too (a note says why), where the approver sees them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from people.errors import PeopleInvalid
from people.models import TimeEntry
from people.services import clock_in, clock_out, log_hours, update_time_entry

from .helpers import at, make_assignment, make_position

D = datetime.date


def test_two_entries_of_one_day_cannot_add_up_to_more_than_24_hours(crew):
    log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=10)
    with pytest.raises(PeopleInvalid) as refused:
        log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=19, override_note="Load-out")
    message = str(refused.value)
    assert "Riley Chen already has 10 h logged on Thu 12 Mar 2026" in message
    assert "29 h" in message and "at most 24 h" in message
    assert TimeEntry.objects.filter(person=crew["me"]).count() == 1


def test_a_correction_cannot_push_the_day_over_24_hours(crew):
    log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=10)
    second = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=2)
    with pytest.raises(PeopleInvalid, match="at most 24 h"):
        update_time_entry(second, actor=crew["raider"], hours=15, notes="Long day")
    second.refresh_from_db()
    assert second.hours == Decimal("2.00")


def test_a_long_day_needs_a_note_and_keeps_its_warning(crew):
    with pytest.raises(PeopleInvalid) as refused:
        log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=13)
    assert "Shift of 13 h is longer than 12 h" in str(refused.value)
    assert "add a note saying why" in str(refused.value)
    assert not TimeEntry.objects.exists()

    entry = log_hours(
        crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=13, override_note="Festival load-in ran late"
    )
    assert entry.warnings == ["Shift of 13 h is longer than 12 h."]
    assert entry.override_note == "Festival load-in ran late"


def test_two_entries_that_together_make_a_long_day_warn(crew):
    log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=8)
    with pytest.raises(PeopleInvalid, match="Shift of 13 h is longer than 12 h"):
        log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=5)


def test_clocking_in_too_soon_after_a_shift_warns_about_rest(crew):
    """The clock cannot be refused (the work happened); the warning is kept for the approver."""
    position = make_position(crew["ws"], "Rigger")
    make_assignment(crew["me"], crew["show"], position, at("2026-03-11", 14), at("2026-03-11", 23))
    entry = clock_in(crew["me"], actor=crew["raider"], production=crew["show"], at=at("2026-03-12", 5))
    entry = clock_out(entry, actor=crew["raider"], at=at("2026-03-12", 9))
    assert entry.warnings == ["Only 6 h rest between shifts (minimum 10 h)."]


def test_the_approver_sees_the_warning_and_the_note(crew, login):
    log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=13, override_note="Storm delay")
    page = login(crew["navigator"]).get(
        reverse("people:time_entries", args=[crew["ws"].organization.slug, crew["ws"].slug])
    )
    text = page.content.decode()
    assert "⚠ Shift of 13 h is longer than 12 h." in text
    assert "Storm delay" in text


def test_the_api_refuses_a_day_over_24_hours_with_a_json_reason(crew, client):
    log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=10, override_note="")
    client.force_login(crew["raider"])
    response = client.post(
        "/api/people/time-entries/",
        {"person": crew["me"].pk, "work_date": "2026-03-12", "hours": "19", "override_note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "at most 24 h" in str(response.json())
    assert TimeEntry.objects.count() == 1


def test_refusals_say_what_to_do(crew, client):
    with pytest.raises(PeopleInvalid, match=r"^Give breaks as whole minutes, such as 30\.$"):
        log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 3, 12), hours=8, break_minutes="half an hour")
    client.force_login(crew["navigator"])
    response = client.get(f"/api/people/hours-report/?workspace={crew['ws'].pk}&start=2026-03-12&end=2026-03-01")
    assert response.status_code == 400
    assert "The end (01 Mar 2026) must be on or after the start (12 Mar 2026)." in response.content.decode()
