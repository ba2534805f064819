"""Repeating events: RRULE expansion in the venue's timezone across daylight-saving changes,
and editing or deleting this one, this and following, or all of a series."""

import datetime
import zoneinfo

import pytest

from dragonfly.tenancy.roles import Role
from events.errors import EventInvalid
from events.models import CrewCall, Cue, Event, EventSeries
from events.recurrence import build_rule, describe, expand, normalize_rule
from events.services import create_event, delete_event, update_event
from productions.tests.helpers import at, make_location

pytestmark = pytest.mark.django_db
NY = zoneinfo.ZoneInfo("America/New_York")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_a_weekly_show_keeps_its_wall_clock_time_across_the_spring_change():
    # US clocks go forward on 14 March 2027: 19:00 EST is 00:00 UTC, 19:00 EDT is 23:00 UTC.
    starts = expand("FREQ=WEEKLY;COUNT=3", first_start=at("America/New_York", 2027, 3, 7, 19, 0), tz=NY)
    assert [s.astimezone(NY).strftime("%d %H:%M %Z") for s in starts] == [
        "07 19:00 EST",
        "14 19:00 EDT",
        "21 19:00 EDT",
    ]
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [0, 23, 23]


def test_the_autumn_change_in_berlin_and_a_time_that_does_not_exist():
    starts = expand("FREQ=DAILY;COUNT=3", first_start=at("Europe/Berlin", 2027, 10, 30, 20, 0), tz=BERLIN)
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [18, 19, 19]  # CEST → CET on the 31st
    # 02:30 does not exist on 28 March 2027 in Berlin: that occurrence moves forward by the gap
    starts = expand("FREQ=DAILY;COUNT=3", first_start=at("Europe/Berlin", 2027, 3, 27, 2, 30), tz=BERLIN)
    assert [s.astimezone(BERLIN).strftime("%d %H:%M") for s in starts] == ["27 02:30", "28 03:30", "29 02:30"]


def test_rules_are_checked_and_bounded():
    assert build_rule("weekly", weekdays=["WE", "MO"], count=10) == "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"
    until = datetime.date(2027, 5, 1)
    assert build_rule("daily", interval=2, until=until) == "FREQ=DAILY;INTERVAL=2;UNTIL=20270501T235959"
    assert describe("FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10") == "Every week on Mon, Wed · 10 times"
    for bad in ("FREQ=WEEKLY", "FREQ=HOURLY;COUNT=3", "FREQ=DAILY;COUNT=900", "nonsense"):
        with pytest.raises(EventInvalid):
            normalize_rule(bad, NY)
    # an UNTIL in UTC becomes the venue's wall-clock time
    assert normalize_rule("RRULE:FREQ=DAILY;UNTIL=20270310T040000Z", NY) == "FREQ=DAILY;UNTIL=20270309T230000"


def weekly_series(tenant, count=5, **extra):
    venue = make_location(tenant)
    saved = create_event(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        title="Rehearsal",
        kind="rehearsal",
        starts_at=at("America/New_York", 2027, 3, 1, 10, 0),
        ends_at=at("America/New_York", 2027, 3, 1, 13, 0),
        location=venue,
        repeat=f"FREQ=WEEKLY;COUNT={count}",
        **extra,
    )
    return saved, list(Event.objects.order_by("starts_at"))


def local(event, fmt="%d %H:%M"):
    return event.starts_at.astimezone(NY).strftime(fmt)


def reschedule(event, tenant, *, scope, title, day, start, end):
    """A Gladiator renames `event` and moves it (per `scope`) to March `day`, `start`–`end` o'clock in New York."""
    update_event(
        event,
        actor=tenant.user(Role.GLADIATOR),
        scope=scope,
        title=title,
        starts_at=at("America/New_York", 2027, 3, day, *start),
        ends_at=at("America/New_York", 2027, 3, day, *end),
    )
    return list(Event.objects.order_by("starts_at"))


def test_creating_a_series_makes_one_row_per_occurrence_with_the_crew(tenant_a):
    raider = tenant_a.user(Role.RAIDER)
    saved, events = weekly_series(tenant_a, crew=[raider], call_time=at("America/New_York", 2027, 3, 1, 9, 0))
    assert saved.created == 5 and len(events) == 5
    assert [local(e) for e in events] == ["01 10:00", "08 10:00", "15 10:00", "22 10:00", "29 10:00"]
    assert all(e.series_id == saved.event.series_id for e in events)
    calls = CrewCall.objects.order_by("call_time")
    assert [c.call_time.astimezone(NY).strftime("%d %H:%M") for c in calls] == [
        "01 09:00",
        "08 09:00",
        "15 09:00",
        "22 09:00",
        "29 09:00",
    ]


def test_edit_this_one_only(tenant_a):
    _, events = weekly_series(tenant_a)
    third = events[2]
    events = reschedule(third, tenant_a, scope="this", title="Tech rehearsal", day=16, start=(14, 0), end=(18, 0))
    assert [(local(e), e.title) for e in events] == [
        ("01 10:00", "Rehearsal"),
        ("08 10:00", "Rehearsal"),
        ("16 14:00", "Tech rehearsal"),
        ("22 10:00", "Rehearsal"),
        ("29 10:00", "Rehearsal"),
    ]
    assert Event.objects.get(title="Tech rehearsal").is_exception


def test_edit_all_moves_every_occurrence_and_keeps_their_crew_and_cues(tenant_a):
    raider = tenant_a.user(Role.RAIDER)
    _, events = weekly_series(tenant_a, crew=[raider])
    Cue.objects.create(event=events[3], item="Line check", position=1)
    after = reschedule(events[1], tenant_a, scope="all", title="Band rehearsal", day=8, start=(11, 0), end=(15, 0))
    assert [e.pk for e in after] == [e.pk for e in events]  # the same rows
    assert [(local(e), e.title) for e in after] == [(f"{d:02d} 11:00", "Band rehearsal") for d in (1, 8, 15, 22, 29)]
    assert all(e.ends_at - e.starts_at == datetime.timedelta(hours=4) for e in after)
    assert Cue.objects.get().event_id == events[3].pk
    assert [c.call_time.astimezone(NY).hour for c in CrewCall.objects.order_by("call_time")] == [11] * 5
    series = EventSeries.objects.get()
    assert series.first_start == at("America/New_York", 2027, 3, 1, 11, 0)


def test_edit_this_and_following_splits_the_series(tenant_a):
    _, events = weekly_series(tenant_a)
    after = reschedule(
        events[2], tenant_a, scope="following", title="Late rehearsal", day=15, start=(18, 0), end=(21, 0)
    )
    assert [(local(e), e.title) for e in after] == [
        ("01 10:00", "Rehearsal"),
        ("08 10:00", "Rehearsal"),
        ("15 18:00", "Late rehearsal"),
        ("22 18:00", "Late rehearsal"),
        ("29 18:00", "Late rehearsal"),
    ]
    old, new = EventSeries.objects.order_by("pk")
    assert {e.series_id for e in after[:2]} == {old.pk} and {e.series_id for e in after[2:]} == {new.pk}
    assert "UNTIL=20270315T095959" in old.rrule and "COUNT=3" in new.rrule


def test_changing_the_rule_adds_and_drops_dates(tenant_a):
    _, events = weekly_series(tenant_a, count=4)
    Cue.objects.create(event=events[0], item="Kept", position=1)
    update_event(events[0], actor=tenant_a.user(Role.GLADIATOR), scope="all", repeat="FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4")
    after = list(Event.objects.order_by("starts_at"))
    assert [local(e, "%a %d") for e in after] == ["Mon 01", "Thu 04", "Mon 08", "Thu 11"]
    assert after[0].pk == events[0].pk and after[2].pk == events[1].pk and Cue.objects.get().event_id == events[0].pk


def test_moving_a_series_to_other_days_is_refused_with_a_way_out(tenant_a):
    _, events = weekly_series(tenant_a)
    with pytest.raises(EventInvalid, match="change its repeat rule"):
        update_event(
            events[0],
            actor=tenant_a.user(Role.GLADIATOR),
            scope="all",
            starts_at=at("America/New_York", 2027, 3, 2, 10, 0),
            ends_at=at("America/New_York", 2027, 3, 2, 13, 0),
        )


def test_a_single_event_can_start_repeating(tenant_a):
    venue = make_location(tenant_a)
    saved = create_event(
        actor=tenant_a.user(Role.GLADIATOR),
        workspace=tenant_a.workspace,
        title="Standup",
        starts_at=at("America/New_York", 2027, 3, 1, 9, 0),
        ends_at=at("America/New_York", 2027, 3, 1, 9, 30),
        location=venue,
    )
    update_event(saved.event, actor=tenant_a.user(Role.GLADIATOR), repeat="FREQ=DAILY;COUNT=3")
    assert [local(e) for e in Event.objects.order_by("starts_at")] == ["01 09:00", "02 09:00", "03 09:00"]
    assert Event.objects.order_by("starts_at").first().pk == saved.event.pk


def test_delete_this_following_and_all(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)
    _, events = weekly_series(tenant_a)
    delete_event(events[1], actor=gladiator, scope="this")
    assert EventSeries.objects.get().excluded_dates == ["2027-03-08"]
    update_event(events[0], actor=gladiator, scope="all", title="Renamed")  # the deleted date stays deleted
    assert [local(e) for e in Event.objects.order_by("starts_at")] == ["01 10:00", "15 10:00", "22 10:00", "29 10:00"]
    delete_event(
        Event.objects.get(starts_at=at("America/New_York", 2027, 3, 22, 10, 0)), actor=gladiator, scope="following"
    )
    assert [local(e) for e in Event.objects.order_by("starts_at")] == ["01 10:00", "15 10:00"]
    delete_event(Event.objects.first(), actor=gladiator, scope="all")
    assert not Event.objects.exists() and not EventSeries.objects.exists()
