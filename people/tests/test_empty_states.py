"""A crew chief opens every list of a fresh workspace's People section: each says what the list is
for and offers the button to fill it; an observer (Passenger) gets no button; a filter that finds
nothing offers to clear the filters."""

import re

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role

from .helpers import make_person, make_team

pytestmark = pytest.mark.django_db
R = Role


def empty_state(response):
    assert response.status_code == 200
    found = re.search(r'<section class="card empty empty-state".*?</section>', response.content.decode(), re.S)
    assert found, "the page shows no empty state"
    return found.group(0)


def ws(tenant, name):
    return reverse(name, args=[tenant.org.slug, tenant.workspace.slug])


def test_an_empty_crew_directory_and_schedule_offer_to_add_a_person(tenant_a, login):
    new_url = ws(tenant_a, "people:person_new")
    manager = login(tenant_a.user(R.GLADIATOR))
    for name, title in (
        ("people:workspace_home", "No crew in this workspace yet"),
        ("people:schedule", "No active crew"),
        ("people:availability", "No active crew"),
    ):
        section = empty_state(manager.get(ws(tenant_a, name)))
        assert title in section and f'href="{new_url}">Add person</a>' in section
    observer = login(tenant_a.user(R.PASSENGER))
    for name in ("people:workspace_home", "people:schedule"):
        section = empty_state(observer.get(ws(tenant_a, name)))
        assert "No" in section and "Add person" not in section


def test_a_crew_search_or_team_that_finds_nobody_offers_to_clear_the_filters(tenant_a, login):
    make_person(tenant_a.workspace, "Ada", "Lovelace")
    team = make_team(tenant_a.workspace, "Riggers")
    client = login(tenant_a.user(R.GLADIATOR))
    home = ws(tenant_a, "people:workspace_home")
    section = empty_state(client.get(home, {"q": "Nobody-by-this-name"}))
    assert f'href="{home}">Clear filters</a>' in section
    schedule = ws(tenant_a, "people:schedule")
    section = empty_state(client.get(schedule, {"team": team.pk}))
    assert f'href="{schedule}">Clear filters</a>' in section


def test_empty_teams_and_positions_point_to_their_add_forms(tenant_a, login):
    manager = login(tenant_a.user(R.GLADIATOR))
    for name, title, anchor, label in (
        ("people:teams", "No teams yet", "#new-team", "New team"),
        ("people:positions", "No positions yet", "#new-position", "New position"),
    ):
        page = manager.get(ws(tenant_a, name))
        section = empty_state(page)
        assert title in section and f'href="{anchor}">{label}</a>' in section
        assert f'id="{anchor[1:]}"' in page.content.decode()  # the button leads to the form
    observer = login(tenant_a.user(R.PASSENGER))
    for name, label in (("people:teams", "New team"), ("people:positions", "New position")):
        assert label not in empty_state(observer.get(ws(tenant_a, name)))


def test_no_certificates_to_watch_says_where_certificates_are_added(tenant_a, login):
    section = empty_state(login(tenant_a.user(R.GLADIATOR)).get(ws(tenant_a, "people:certifications")))
    assert "No certificates to watch" in section and "added on a person's page" in section


def test_time_entries_and_hours_with_nothing_logged(tenant_a, login):
    manager = login(tenant_a.user(R.GLADIATOR))
    url = ws(tenant_a, "people:time_entries")
    section = empty_state(manager.get(url))
    assert "No time entries waiting for approval" in section
    section = empty_state(manager.get(url, {"status": "approved"}))
    assert f'href="{url}">Clear filters</a>' in section
    section = empty_state(manager.get(ws(tenant_a, "people:hours_report")))
    assert "No hours in this period" in section and f'href="{url}">Time entries</a>' in section


def test_a_crew_member_without_a_crew_record_is_told_whom_to_ask(tenant_a, login):
    client = login(tenant_a.user(R.RAIDER))
    section = empty_state(client.get(reverse("people:my_schedule")))
    assert "You have no crew record yet" in section and "Ask your crew lead" in section
    section = empty_state(client.get(reverse("people:my_hours")))
    assert "No hours logged in the last four weeks" in section


def test_a_crew_member_with_no_shifts_and_no_hours(tenant_a, login):
    raider = tenant_a.user(R.RAIDER)
    make_person(tenant_a.workspace, "Ada", "Lovelace", user=raider)
    client = login(raider)
    section = empty_state(client.get(reverse("people:my_schedule")))
    assert "No shifts in the next two weeks" in section
    section = empty_state(client.get(reverse("people:my_hours")))
    assert "Log the hours of a day above" in section
