"""Who may do what with events, crew calls, cues, incidents and series (role × action); venues:
locations/tests/test_roles.py."""

import datetime

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_role_matrix
from events.models import Cue, EventSeries, Incident
from productions.tests.helpers import book, make_event

pytestmark = pytest.mark.django_db
R = Role
MANAGERS = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
OFFICE_READERS = MANAGERS | {R.NAVIGATOR, R.DEVIATOR, R.PASSENGER}
CRUD = ("view", "add", "change", "delete")


def perms(model):
    return {action: f"events.{action}_{model}" for action in CRUD}


def test_event_matrix_and_marketing_reads_only_public_confirmed_events(tenant_a):
    show = make_event(tenant_a, "Aurora night 1", kind="show")
    load_in = make_event(tenant_a, "Load-in", kind="load_in")
    tentative = make_event(tenant_a, "Maybe a show", kind="show", status="tentative")
    everyone = OFFICE_READERS | {R.RAIDER}
    assert_role_matrix(
        tenant_a,
        show,
        perms("event"),
        {"view": everyone | {R.AMBASSADOR}, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS},
    )
    for hidden in (load_in, tentative):
        assert_role_matrix(tenant_a, hidden, {"view": "events.view_event"}, {"view": everyone})


def test_crew_call_cue_and_series_matrix(tenant_a):
    event = make_event(tenant_a)
    call = book(event, tenant_a.user(R.RAIDER))
    cue = Cue.objects.create(event=event, item="Doors", position=1)
    series = EventSeries.objects.create(
        workspace=tenant_a.workspace,
        rrule="FREQ=DAILY;COUNT=2",
        timezone="UTC",
        first_start=event.starts_at,
        duration=datetime.timedelta(hours=1),
    )
    for obj, model in ((call, "crewcall"), (cue, "cue"), (series, "eventseries")):
        assert_role_matrix(
            tenant_a,
            obj,
            perms(model),
            {"view": OFFICE_READERS, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS},
        )


def test_incident_matrix_crew_leads_report_the_office_resolves(tenant_a):
    incident = Incident.objects.create(
        event=make_event(tenant_a),
        occurred_at=datetime.datetime.now(datetime.UTC),
        title="Slip",
        description="Wet floor",
    )
    assert_role_matrix(
        tenant_a,
        incident,
        perms("incident"),
        {
            "view": OFFICE_READERS,
            "add": MANAGERS | {R.NAVIGATOR, R.DEVIATOR},
            "change": MANAGERS | {R.NAVIGATOR},
            "delete": MANAGERS,
        },
    )


def test_the_roles_that_run_the_show_call_its_cues_and_the_rest_only_watch(tenant_a):
    cue = Cue.objects.create(event=make_event(tenant_a), item="Doors", position=1)
    assert_role_matrix(tenant_a, cue, {"call": "events.call_cue"}, {"call": MANAGERS})
