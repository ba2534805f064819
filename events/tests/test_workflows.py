"""Event statuses and incidents move through the core transition engine: one activity entry with
from and to, one domain event, refusals in the engine's words."""

import pytest

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.events import capture
from dragonfly.tenancy.roles import Role
from events.errors import InvalidTransition
from events.models import EVENT_TRANSITIONS, EventStatus, IncidentStatus
from events.services import move_incident, report_incident, update_event
from productions.tests.helpers import make_event

pytestmark = pytest.mark.django_db


def test_cancelling_an_event_on_the_edit_form_is_a_move_carrying_the_edit(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)
    event = make_event(tenant_a, "Aurora night 1")
    assert EventStatus.CANCELLED in EVENT_TRANSITIONS[EventStatus.CONFIRMED]
    with capture() as events:
        saved = update_event(event, actor=gladiator, status="cancelled", title="Aurora night 1 (cancelled)")
    event.refresh_from_db()
    assert saved.event.status == event.status == "cancelled" and event.title == "Aurora night 1 (cancelled)"
    entry = ActivityEntry.objects.for_object(event).get()
    assert (entry.verb, entry.from_state, entry.to_state) == ("event.edited", "confirmed", "cancelled")
    assert entry.data["fields"] == ["title", "status"]
    assert [(e.name, e.data) for e in events] == [("event.edited", {"from": "confirmed", "to": "cancelled"})]
    with capture() as events:  # reinstated, tentatively
        update_event(event, actor=gladiator, status="tentative")
    event.refresh_from_db()
    assert event.status == "tentative" and [e.name for e in events] == ["event.edited"]


def test_an_edit_that_keeps_the_status_is_no_move(tenant_a):
    event = make_event(tenant_a, "Aurora night 1")
    with capture() as events:
        update_event(event, actor=tenant_a.user(Role.GLADIATOR), title="Aurora, night one")
    assert events == []
    entry = ActivityEntry.objects.for_object(event).get()
    assert (entry.verb, entry.from_state, entry.to_state) == ("event.edited", "confirmed", "")


def test_incident_refusals_read_the_engines_way_and_change_nothing(tenant_a):
    navigator = tenant_a.user(Role.NAVIGATOR)
    incident = report_incident(
        make_event(tenant_a), actor=navigator, title="Lost child", description="Found", actions_taken="Reunited"
    )
    move_incident(incident, actor=navigator, to_status="resolved")
    entries = ActivityEntry.objects.count()
    with pytest.raises(InvalidTransition) as refused:
        move_incident(incident, actor=navigator, to_status="open")
    assert str(refused.value) == "This incident is already resolved; it can't be moved back to open."
    with pytest.raises(InvalidTransition, match="^This incident is already resolved.$"):
        move_incident(incident, actor=navigator, to_status="resolved")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.RESOLVED and ActivityEntry.objects.count() == entries


def test_an_incident_move_is_one_entry_and_one_event(tenant_a):
    navigator = tenant_a.user(Role.NAVIGATOR)
    with capture() as events:
        incident = report_incident(make_event(tenant_a), actor=navigator, title="Cable trip", description="Taped")
        move_incident(incident, actor=navigator, to_status="investigating", note="Checking the cable run")
    assert [e.name for e in events] == ["incident.reported", "incident.moved"]
    entry = ActivityEntry.objects.filter(verb="incident.moved").get()
    assert (entry.from_state, entry.to_state, entry.note) == ("open", "investigating", "Checking the cable run")
