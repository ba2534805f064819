"""Calling the show: a stage manager puts cues on standby, gives them their go and marks them done;
the actual times are recorded, the running order re-times from them, and after the show the calls
are its read-only record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import InvalidTransition
from dragonfly.tenancy.roles import Role
from events.errors import EventInvalid
from events.models import CueStatus
from events.services import add_cue, call_cue, clock, delete_cue, running_order, update_cue

pytestmark = pytest.mark.django_db
M = datetime.timedelta(minutes=1)


@pytest.fixture
def cues(tenant_a, show):
    manager = tenant_a.user(Role.GLADIATOR)
    return [
        add_cue(show, actor=manager, item=item, duration=minutes)
        for item, minutes in (("Support", "30"), ("Changeover", "20"), ("Headliner", "90"))
    ]


def test_a_cue_is_called_standby_go_done_and_its_actual_times_are_kept(tenant_a, show, cues):
    manager = tenant_a.user(Role.GLADIATOR)
    support = cues[0]
    call_cue(support, actor=manager, to_status="standby", at=show.starts_at - M)
    call_cue(support, actor=manager, to_status="go", at=show.starts_at + 2 * M)
    support.refresh_from_db()
    assert (support.status, support.actual_start, support.actual_end) == ("go", show.starts_at + 2 * M, None)
    call_cue(support, actor=manager, to_status="done", at=show.starts_at + 32 * M)
    support.refresh_from_db()
    assert support.status == CueStatus.DONE and support.actual_end == show.starts_at + 32 * M
    # the engine recorded each move on the cue, with the times it set
    entries = ActivityEntry.objects.for_object(support).order_by("id")
    assert [(e.from_state, e.to_state) for e in entries] == [("pending", "standby"), ("standby", "go"), ("go", "done")]
    assert entries[1].verb == "cue.go" and "actual_start" in entries[1].data["changes"]


def test_refused_calls_use_the_engines_wording_and_change_nothing(tenant_a, show, cues):
    manager = tenant_a.user(Role.GLADIATOR)
    support = cues[0]
    with pytest.raises(InvalidTransition, match=r"^This cue is not on standby yet; it can't be given its go\.$"):
        call_cue(support, actor=manager, to_status="go")
    call_cue(support, actor=manager, to_status="standby", at=show.starts_at)
    call_cue(support, actor=manager, to_status="go", at=show.starts_at + M)
    with pytest.raises(InvalidTransition, match="This cue is running; it can't be skipped"):
        call_cue(support, actor=manager, to_status="skipped")
    with pytest.raises(EventInvalid, match="can't be done before it was given its go"):
        call_cue(support, actor=manager, to_status="done", at=show.starts_at)
    call_cue(support, actor=manager, to_status="done", at=show.starts_at + 31 * M)
    with pytest.raises(InvalidTransition, match="This cue is already done; it can't be put on standby"):
        call_cue(support, actor=manager, to_status="standby")
    with pytest.raises(EventInvalid, match="not a cue call"):
        call_cue(cues[1], actor=manager, to_status="fire")
    support.refresh_from_db()
    assert (support.status, support.actual_end) == ("done", show.starts_at + 31 * M)
    assert cues[1].status == "pending"


def test_crew_and_observers_read_the_run_of_show_but_may_not_call_it(tenant_a, show, cues):
    for role in (Role.NAVIGATOR, Role.DEVIATOR, Role.PASSENGER):
        with pytest.raises(PermissionDenied, match="may not call cues"):
            call_cue(cues[0], actor=tenant_a.user(role), to_status="standby")
    cues[0].refresh_from_db()
    assert cues[0].status == "pending"
    for role in (Role.GLADIATOR, Role.AVIATOR, Role.PHANTOM):
        assert tenant_a.user(role).has_perm("events.call_cue", cues[0])


def test_the_running_order_re_times_from_the_actual_calls(tenant_a, show, cues):
    manager = tenant_a.user(Role.GLADIATOR)
    support, changeover, headliner = cues
    order = running_order(show)
    assert [t.drift for t in order.cues] == [datetime.timedelta(0)] * 3 and order.drift_text == "on time"

    # the support act goes 2 minutes late: while it runs, the next cues are projected 2 minutes late
    call_cue(support, actor=manager, to_status="standby", at=show.starts_at - M)
    call_cue(support, actor=manager, to_status="go", at=show.starts_at + 2 * M)
    order = running_order(show)
    assert order.current.cue == support and order.next.cue == changeover
    assert order.cues[1].planned.starts_at == show.starts_at + 30 * M
    assert order.cues[1].starts_at == show.starts_at + 32 * M
    assert [t.drift_text for t in order.cues] == ["+2 min late"] * 3 and order.drift == 2 * M

    # it ends 3 minutes over its slot: the changeover is projected from its actual end
    call_cue(support, actor=manager, to_status="done", at=show.starts_at + 35 * M)
    order = running_order(show)
    assert order.current is None and order.next.cue == changeover
    assert order.cues[1].starts_at == show.starts_at + 35 * M and order.cues[1].drift_text == "+5 min late"
    assert order.cues[0].ran_for == 33 * M

    # skipping the changeover takes its 20 minutes out: the headliner is projected 15 min early
    call_cue(changeover, actor=manager, to_status="skipped", at=show.starts_at + 35 * M)
    order = running_order(show)
    assert order.next.cue == headliner
    assert order.cues[2].starts_at == show.starts_at + 35 * M and order.cues[2].drift_text == "−15 min early"
    assert not order.finished

    call_cue(headliner, actor=manager, to_status="standby", at=show.starts_at + 34 * M)
    call_cue(headliner, actor=manager, to_status="go", at=show.starts_at + 36 * M)
    call_cue(headliner, actor=manager, to_status="done", at=show.starts_at + 126 * M)
    order = running_order(show)
    assert order.finished and order.drift == -14 * M and order.drift_text == "−14 min early"


def test_a_fixed_time_holds_a_cue_that_would_otherwise_start_early(tenant_a, show, cues):
    manager = tenant_a.user(Role.GLADIATOR)
    update_cue(cues[2], actor=manager, fixed_start="20:00")
    call_cue(cues[1], actor=manager, to_status="skipped", at=show.starts_at)
    order = running_order(show)
    # the changeover is skipped, but the headliner still waits for its 20:00
    assert order.cues[2].starts_at == show.starts_at + 60 * M and order.cues[2].drift_text == "on time"


def test_after_the_show_the_calls_are_a_read_only_record(tenant_a, show, cues, monkeypatch):
    manager = tenant_a.user(Role.GLADIATOR)
    call_cue(cues[0], actor=manager, to_status="standby", at=show.starts_at)
    call_cue(cues[0], actor=manager, to_status="go", at=show.starts_at + 2 * M)
    monkeypatch.setattr(clock, "show_clock", lambda: show.ends_at + clock.CALL_GRACE)
    assert running_order(show).finished
    over = "This show is over; its run of show is kept as it was called."
    with pytest.raises(EventInvalid, match=over):
        call_cue(cues[0], actor=manager, to_status="done")
    with pytest.raises(EventInvalid, match=over):
        update_cue(cues[1], actor=manager, duration="25")
    with pytest.raises(EventInvalid, match=over):
        delete_cue(cues[2], actor=manager)
    with pytest.raises(EventInvalid, match=over):
        add_cue(show, actor=manager, item="Encore", duration="10")
    cues[0].refresh_from_db()
    assert (cues[0].status, cues[0].actual_end) == ("go", None)
    assert show.cues.count() == 3
