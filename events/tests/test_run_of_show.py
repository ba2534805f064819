"""Run of show: start times from durations, fixed times, reordering, parsing what people type."""

import datetime

import pytest

from dragonfly.tenancy.roles import Role
from events.errors import EventInvalid
from events.models import Cue
from events.services import (
    add_cue,
    current_cue,
    move_cue,
    parse_cue_time,
    parse_duration,
    reorder_cues,
    run_of_show,
    update_cue,
)
from productions.tests.helpers import at

pytestmark = pytest.mark.django_db
M = datetime.timedelta(minutes=1)


def starts(event):
    return [(s.cue.item, s.starts_at.astimezone(event.tz).strftime("%H:%M")) for s in run_of_show(event)]


def test_start_times_follow_the_durations_and_fixed_times(tenant_a, show):
    gladiator = tenant_a.user(Role.GLADIATOR)
    add_cue(show, actor=gladiator, item="Doors", duration="60")
    add_cue(show, actor=gladiator, item="Support", duration="35")
    add_cue(show, actor=gladiator, item="Changeover", duration="20:00")
    add_cue(show, actor=gladiator, item="Headliner", duration="1:30:00", fixed_start="21:00")
    add_cue(show, actor=gladiator, item="Encore", duration="12")
    assert starts(show) == [
        ("Doors", "19:00"),
        ("Support", "20:00"),
        ("Changeover", "20:35"),
        ("Headliner", "21:00"),
        ("Encore", "22:30"),
    ]
    schedule = run_of_show(show)
    assert schedule[3].gap == 5 * M and schedule[3].offset == 2 * 60 * M
    # a longer support set pushes the changeover into the headliner's fixed start
    update_cue(Cue.objects.get(item="Support"), actor=gladiator, duration="45")
    schedule = run_of_show(show)
    assert schedule[3].overlap == 5 * M and starts(show)[4] == ("Encore", "22:30")


def test_reordering_by_buttons_and_by_drag_recomputes_the_times(tenant_a, show):
    gladiator = tenant_a.user(Role.GLADIATOR)
    doors, support, head = (
        add_cue(show, actor=gladiator, item=i, duration=d)
        for i, d in (("Doors", "30"), ("Support", "40"), ("Headliner", "90"))
    )
    move_cue(head, actor=gladiator, direction="up")
    assert starts(show) == [("Doors", "19:00"), ("Headliner", "19:30"), ("Support", "21:00")]
    move_cue(doors, actor=gladiator, direction="up")  # already first: nothing changes
    reorder_cues(show, actor=gladiator, order=[support.pk, doors.pk, head.pk])
    assert starts(show) == [("Support", "19:00"), ("Doors", "19:40"), ("Headliner", "20:10")]
    with pytest.raises(EventInvalid, match="changed meanwhile"):
        reorder_cues(show, actor=gladiator, order=[support.pk, doors.pk])


def test_the_current_cue(tenant_a, show):
    gladiator = tenant_a.user(Role.GLADIATOR)
    add_cue(show, actor=gladiator, item="Doors", duration="30")
    add_cue(show, actor=gladiator, item="Show", duration="90")
    schedule = run_of_show(show)
    assert current_cue(schedule, show.starts_at - M) is None
    assert current_cue(schedule, show.starts_at + 31 * M).cue.item == "Show"
    assert current_cue(schedule, show.starts_at + 3 * 60 * M) is None


def test_parsing_durations_and_times(show):
    assert parse_duration("12") == 12 * M and parse_duration("3:30") == datetime.timedelta(minutes=3, seconds=30)
    assert parse_duration("1:15:00") == 75 * M
    for bad in ("", "0", "abc", "13:00:00"):
        with pytest.raises(EventInvalid):
            parse_duration(bad)
    assert parse_cue_time("", show) is None
    assert parse_cue_time("+1:15", show) == show.starts_at + 75 * M
    assert parse_cue_time("21:30", show) == at("Europe/Berlin", 2027, 3, 12, 21, 30)
    assert parse_cue_time("00:30", show) == at("Europe/Berlin", 2027, 3, 13, 0, 30)  # after midnight
    with pytest.raises(EventInvalid):
        parse_cue_time("25:00", show)


def test_only_managers_edit_the_run_of_show(tenant_a, show):
    from django.core.exceptions import PermissionDenied

    for role in (Role.NAVIGATOR, Role.DEVIATOR, Role.PASSENGER):
        with pytest.raises(PermissionDenied):
            add_cue(show, actor=tenant_a.user(role), item="x", duration="1")
