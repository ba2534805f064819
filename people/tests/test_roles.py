"""Who may do what with crew records, certificates, assignments, availability and time: role × action."""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_role_matrix
from people.models import Person, Unavailability

from .helpers import at, make_assignment, make_cert, make_entry, make_person, make_position, make_production, make_team

P, A, G, N, DEV, R = Role.PHANTOM, Role.AVIATOR, Role.GLADIATOR, Role.NAVIGATOR, Role.DEVIATOR, Role.RAIDER
PASS = Role.PASSENGER
ADMINS = {P, A, G}
OFFICE = ADMINS | {N}
READERS = OFFICE | {PASS}


@pytest.fixture
def world(tenant_a):
    ws = tenant_a.workspace
    # Everyone here is in the Navigator's department, Stage (the teammate through the team);
    # the department boundary itself is told in test_privacy.
    make_person(ws, "Nico", "Baptiste", user=tenant_a.user(N), department="Stage")
    stranger = make_person(ws, "Sam", "Ortiz", department="Stage")  # not the Deviator's team, not the Raider
    lead = make_person(ws, "Devi", "Okafor", user=tenant_a.user(DEV), department="Stage")
    team = make_team(ws, "Riggers", lead=lead, department="Stage")
    teammate = make_person(ws, "Tom", "Field", team=team)
    me = make_person(ws, "Riley", "Chen", user=tenant_a.user(R), department="Stage")
    show = make_production(ws)
    position = make_position(ws)
    return {"stranger": stranger, "teammate": teammate, "me": me, "show": show, "position": position, "team": team}


def objects_of(person, world):
    ws = person.workspace
    return {
        "person": person,
        "cert": make_cert(person, "rigging", expires_on=datetime.date(2030, 1, 1)),
        "assignment": make_assignment(
            person, world["show"], world["position"], at("2027-06-10", 8), at("2027-06-10", 16)
        ),
        "away": Unavailability.objects.create(
            workspace=ws, person=person, start_date=datetime.date(2027, 7, 1), end_date=datetime.date(2027, 7, 2)
        ),
        "time": make_entry(person, datetime.date(2026, 6, 10), "8"),
    }


def check(tenant, objs, extra):
    """The matrix for a person's objects; `extra` are the roles that reach this person by scope."""
    assert_role_matrix(
        tenant,
        objs["person"],
        {
            "view": "people.view_person",
            "personal": "people.view_personal_data",
            "change": "people.change_person",
            "delete": "people.delete_person",
        },
        {
            "view": READERS | extra,
            "personal": OFFICE | extra,
            "change": OFFICE,
            "delete": ADMINS,
        },
    )
    assert_role_matrix(
        tenant,
        objs["cert"],
        {
            "view": "people.view_certification",
            "add": "people.add_certification",
            "delete": "people.delete_certification",
        },
        {"view": READERS | extra, "add": OFFICE, "delete": OFFICE},
    )
    assert_role_matrix(
        tenant,
        objs["assignment"],
        {
            "view": "people.view_assignment",
            "add": "people.add_assignment",
            "delete": "people.delete_assignment",
            "override": "people.override_certificate_check",
        },
        {"view": READERS | extra, "add": OFFICE, "delete": OFFICE, "override": ADMINS},
    )
    assert_role_matrix(
        tenant,
        objs["away"],
        {
            "view": "people.view_unavailability",
            "add": "people.add_unavailability",
            "delete": "people.delete_unavailability",
        },
        {"view": READERS | extra, "add": OFFICE | extra, "delete": OFFICE | extra},
    )
    assert_role_matrix(
        tenant,
        objs["time"],
        {
            "view": "people.view_timeentry",
            "log": "people.add_timeentry",
            "change": "people.change_timeentry",
            "approve": "people.approve_timeentry",
        },
        {"view": READERS | extra, "log": OFFICE | extra, "change": OFFICE | extra, "approve": OFFICE},
    )


@pytest.mark.django_db
def test_someone_elses_crew_record(tenant_a, world):
    check(tenant_a, objects_of(world["stranger"], world), set())


@pytest.mark.django_db
def test_a_deviator_reaches_their_own_team(tenant_a, world):
    check(tenant_a, objects_of(world["teammate"], world), {DEV})


@pytest.mark.django_db
def test_a_raider_reaches_their_own_record(tenant_a, world):
    check(tenant_a, objects_of(world["me"], world), {R})


@pytest.mark.django_db
def test_teams_and_positions(tenant_a, world):
    assert_role_matrix(
        tenant_a,
        world["team"],
        {"view": "people.view_team", "change": "people.change_team"},
        {"view": READERS | {DEV}, "change": ADMINS},
    )
    assert_role_matrix(tenant_a, world["position"], {"view": "people.view_position"}, {"view": READERS | {DEV}})


@pytest.mark.django_db
def test_a_visitor_granted_one_record_sees_it_but_not_its_personal_data(tenant_a, world):
    visitor = tenant_a.user(Role.VISITOR)
    person = world["stranger"]
    assign_perm("people.view_person", visitor, person)
    clear_access(visitor)
    assert list(Person.objects.visible_to(visitor)) == [person]
    assert not visitor.has_perm("people.view_personal_data", person)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [G, N, DEV, R, PASS, Role.MERCHANT, Role.VISITOR, Role.AMBASSADOR])
def test_who_opens_the_crew_directory(tenant_a, login, role):
    ws = tenant_a.workspace
    status = 200 if role in READERS | {DEV, R} else 403
    response = login(tenant_a.user(role)).get(f"/people/w/{ws.organization.slug}/{ws.slug}/")
    assert response.status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [(G, 200), (N, 200), (DEV, 403), (PASS, 403), (R, 403)])
def test_who_opens_the_assign_page(tenant_a, login, role, status):
    ws = tenant_a.workspace
    assert login(tenant_a.user(role)).get(f"/people/w/{ws.organization.slug}/{ws.slug}/assign/").status_code == status
