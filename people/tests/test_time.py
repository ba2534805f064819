"""Crew clock in and out or log hours; a Navigator or stronger approves, and approved hours are locked."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from people.errors import InvalidTransition, PeopleInvalid, TimeEntryLocked
from people.models import TimeEntry, TimeStatus
from people.services import (
    approve_time_entry,
    bulk_approve,
    clock_in,
    clock_out,
    log_hours,
    reject_time_entry,
    update_time_entry,
)

from .helpers import at, make_person

D = datetime.date


def test_clock_in_and_out_counts_the_hours_less_breaks(crew):
    entry = clock_in(crew["me"], actor=crew["raider"], production=crew["show"], at=at("2027-06-10", 8))
    assert entry.status == TimeStatus.OPEN and entry.work_date == D(2027, 6, 10)
    entry = clock_out(entry, actor=crew["raider"], break_minutes=30, at=at("2027-06-10", 16, 30))
    assert entry.status == TimeStatus.PENDING
    assert entry.hours == Decimal("8.00")
    assert list(ActivityEntry.objects.for_object(entry).values_list("verb", flat=True).order_by("id")) == [
        "time.clocked_in",
        "time.clocked_out",
    ]


def test_one_open_clock_at_a_time(crew):
    clock_in(crew["me"], actor=crew["raider"], at=at("2027-06-10", 8))
    with pytest.raises(TimeEntryLocked, match="already clocked in"):
        clock_in(crew["me"], actor=crew["raider"], at=at("2027-06-10", 9))


def test_a_break_longer_than_the_shift_is_refused(crew):
    entry = clock_in(crew["me"], actor=crew["raider"], at=at("2027-06-10", 8))
    with pytest.raises(PeopleInvalid, match="break is longer"):
        clock_out(entry, actor=crew["raider"], break_minutes=90, at=at("2027-06-10", 9))
    assert TimeEntry.objects.get().status == TimeStatus.OPEN


def test_an_open_entry_without_a_clock_in_time_is_refused(crew):
    # The admin can set an entry to open without a clock-in time: clocking it out used to raise TypeError.
    entry = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours=8)
    TimeEntry.objects.filter(pk=entry.pk).update(status=TimeStatus.OPEN)
    entry.refresh_from_db()
    with pytest.raises(TimeEntryLocked, match="not clocked in"):
        clock_out(entry, actor=crew["raider"], at=at("2027-06-10", 9))
    assert TimeEntry.objects.get().status == TimeStatus.OPEN


def test_a_raider_logs_only_their_own_time(crew):
    with pytest.raises(PermissionDenied):
        log_hours(crew["other"], actor=crew["raider"], work_date=D(2027, 6, 10), hours=8)
    with pytest.raises(PermissionDenied):
        clock_in(crew["other"], actor=crew["raider"])


def test_logging_hours_takes_breaks_off(crew):
    entry = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours="9.5", break_minutes=45)
    assert entry.hours == Decimal("8.75") and entry.status == TimeStatus.PENDING
    with pytest.raises(PeopleInvalid):
        log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours="25")


def test_approval_locks_the_entry(crew):
    entry = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours=8)
    entry = approve_time_entry(entry, actor=crew["navigator"])
    assert entry.status == TimeStatus.APPROVED and entry.approved_by == crew["navigator"]
    with pytest.raises(InvalidTransition, match="This time entry is approved and locked; it can't be changed."):
        update_time_entry(entry, actor=crew["raider"], hours=10)
    with pytest.raises(InvalidTransition, match="This time entry is already approved and locked."):
        approve_time_entry(entry, actor=crew["navigator"])
    assert TimeEntry.objects.get().hours == Decimal("8.00")


def test_only_navigator_or_stronger_approves_and_never_their_own(crew, tenant_a):
    entry = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours=8)
    for role in (Role.DEVIATOR, Role.RAIDER, Role.PASSENGER):
        with pytest.raises(PermissionDenied):
            approve_time_entry(entry, actor=tenant_a.user(role))
    own = make_person(crew["ws"], "Nico", user=crew["navigator"])
    mine = log_hours(own, actor=crew["navigator"], work_date=D(2026, 6, 10), hours=8)
    with pytest.raises(PermissionDenied, match="Someone else"):
        approve_time_entry(mine, actor=crew["navigator"])
    assert approve_time_entry(mine, actor=tenant_a.user(Role.GLADIATOR)).status == TimeStatus.APPROVED


def test_sent_back_entries_are_fixed_and_waiting_again(crew):
    entry = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours=8)
    with pytest.raises(PeopleInvalid):
        reject_time_entry(entry, actor=crew["navigator"], note="  ")
    entry = reject_time_entry(entry, actor=crew["navigator"], note="You left at 15:00")
    assert entry.status == TimeStatus.REJECTED
    entry = update_time_entry(entry, actor=crew["raider"], hours=7)
    assert entry.status == TimeStatus.PENDING and entry.hours == Decimal("7.00")


def test_bulk_approve_reports_each_refusal(crew, tenant_b):
    a = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours=8)
    b = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 11), hours=8)
    approve_time_entry(b, actor=crew["navigator"])
    done, refused = bulk_approve([a.pk, b.pk, "x", 999999], actor=crew["navigator"])
    assert [e.pk for e in done] == [a.pk]
    assert [pk for pk, _ in refused] == [b.pk, "x", 999999]


def test_api_locks_approved_entries(crew, login):
    entry = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours=8)
    client = login(crew["navigator"])
    response = client.post(f"/api/people/time-entries/{entry.pk}/approve/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    client = login(crew["raider"])
    response = client.patch(f"/api/people/time-entries/{entry.pk}/", {"hours": "10"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_api_clock_in_and_out(crew, login):
    client = login(crew["raider"])
    response = client.post(
        "/api/people/time-entries/clock-in/", {"person": crew["me"].pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(
        f"/api/people/time-entries/{pk}/clock-out/", {"break_minutes": 0}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "pending"
    response = client.post(
        "/api/people/time-entries/clock-in/", {"person": crew["other"].pk}, content_type="application/json"
    )
    assert response.status_code == 400  # another person's record does not exist for a Raider


def test_my_schedule_page_clocks_in_and_out(crew, login):
    client = login(crew["raider"])
    assert "Clock in" in client.get("/people/me/").content.decode()
    assert client.post("/people/me/clock-in/", {"person": crew["me"].pk}).status_code == 302
    page = client.get("/people/me/").content.decode()
    assert "Clocked in since" in page
    assert client.post("/people/me/clock-out/", {"break_minutes": 0}).status_code == 302
    entry = TimeEntry.objects.get()
    assert entry.status == TimeStatus.PENDING and entry.clock_out is not None


def test_approval_page_approves(crew, login):
    entry = log_hours(crew["me"], actor=crew["raider"], work_date=D(2026, 6, 10), hours=8)
    client = login(crew["navigator"])
    ws = crew["ws"]
    page = client.get(f"/people/w/{ws.organization.slug}/{ws.slug}/time/")
    assert f'data-testid="entry-{entry.pk}"' in page.content.decode()
    client.post(f"/people/time/{entry.pk}/approve/")
    entry.refresh_from_db()
    assert entry.status == TimeStatus.APPROVED
