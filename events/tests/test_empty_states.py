"""A production manager opens every list of a fresh workspace's Events section: each says what the
list is for and offers the button to fill it; an observer (Passenger) gets the sentence without the
button; a filter that finds nothing offers to clear the filters."""

import re

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_event, make_production

pytestmark = pytest.mark.django_db
R = Role


def empty_state(response):
    """The page's empty-state section (the one component every list uses)."""
    assert response.status_code == 200
    found = re.search(r'<section class="card empty empty-state".*?</section>', response.content.decode(), re.S)
    assert found, "the page shows no empty state"
    return found.group(0)


def ws(tenant, name):
    return reverse(name, args=[tenant.org.slug, tenant.workspace.slug])


def test_an_empty_calendar_offers_a_new_event_in_every_view(tenant_a, login):
    new_url = ws(tenant_a, "events:new")
    client = login(tenant_a.user(R.GLADIATOR))
    for view in ("month", "week", "day", "agenda"):
        section = empty_state(client.get(ws(tenant_a, "events:workspace_home"), {"view": view}))
        assert "Nothing scheduled from" in section
        assert f'href="{new_url}">New event</a>' in section
    section = empty_state(login(tenant_a.user(R.PASSENGER)).get(ws(tenant_a, "events:workspace_home")))
    assert "Nothing scheduled from" in section and "New event" not in section


def test_a_calendar_filtered_to_nothing_offers_to_clear_the_filters(tenant_a, login):
    make_event(tenant_a, "Aurora", kind="show")
    client = login(tenant_a.user(R.GLADIATOR))
    home = ws(tenant_a, "events:workspace_home")
    section = empty_state(client.get(home, {"view": "agenda", "kind": "rehearsal"}))
    assert "Nothing matches these filters" in section and f'href="{home}">Clear filters</a>' in section
    # unfiltered, the event is listed and no empty state shows
    assert "empty-state" not in client.get(home, {"view": "agenda"}).content.decode()


def test_no_incidents_points_to_the_events_they_are_reported_from(tenant_a, login):
    url = ws(tenant_a, "events:incidents")
    section = empty_state(login(tenant_a.user(R.DEVIATOR)).get(url))
    assert "No incidents reported" in section
    assert f'href="{ws(tenant_a, "events:workspace_home")}">Find the event</a>' in section
    section = empty_state(login(tenant_a.user(R.PASSENGER)).get(url))
    assert "No incidents reported" in section and "Find the event" not in section
    section = empty_state(login(tenant_a.user(R.DEVIATOR)).get(url, {"status": "resolved"}))
    assert "Clear filters" in section


def test_no_conflicts_says_so_without_a_button(tenant_a, login):
    section = empty_state(login(tenant_a.user(R.GLADIATOR)).get(ws(tenant_a, "events:conflicts")))
    assert "No conflicts" in section and "No venue or person is double-booked" in section
    assert "btn" not in section


def test_an_empty_production_schedule_offers_to_schedule_an_event_for_it(tenant_a, login):
    production = make_production(tenant_a)
    url = f"/productions/{production.pk}/schedule/"
    section = empty_state(login(tenant_a.user(R.GLADIATOR)).get(url))
    assert "No events ahead" in section
    assert f'href="{ws(tenant_a, "events:new")}?production={production.pk}">Schedule one</a>' in section
    section = empty_state(login(tenant_a.user(R.PASSENGER)).get(url, {"past": "1"}))
    assert "No events yet" in section and "Schedule one" not in section


def test_an_empty_run_of_show_offers_the_add_cue_form(tenant_a, login):
    event = make_event(tenant_a, "Aurora")
    url = reverse("events:run_of_show", args=[event.pk])
    section = empty_state(login(tenant_a.user(R.GLADIATOR)).get(url))
    assert "No cues yet" in section and 'href="#new-cue">Add a cue</a>' in section
    section = empty_state(login(tenant_a.user(R.PASSENGER)).get(url))
    assert "No cues yet" in section and "Add a cue" not in section
    live = empty_state(login(tenant_a.user(R.GLADIATOR)).get(reverse("events:run_of_show_live", args=[event.pk])))
    assert "No cues yet" in live
