"""Lists, the schedule grid and availability cost the same number of queries at 10 rows or 60."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dragonfly.tenancy.roles import Role

from .helpers import at, make_assignment, make_cert, make_entry, make_person, make_position, make_production, make_team

D = datetime.date


def populate(tenant, n):
    ws = tenant.workspace
    show, position = make_production(ws), make_position(ws)
    team = make_team(ws)
    for i in range(n):
        person = make_person(ws, f"P{i:03d}", phone="+1 555 0100", team=team)
        make_cert(person, "rigging", expires_on=D(2027, 6, 20) if i % 2 else D(2030, 1, 1))
        for day in (1, 2, 3):
            make_assignment(person, show, position, at(D(2027, 6, day), 8), at(D(2027, 6, day), 21))
        make_entry(person, D(2027, 6, 1), "8")


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


PAGES = {
    "directory": "/people/w/{org}/{ws}/",
    "export": "/people/w/{org}/{ws}/export.csv",
    "schedule": "/people/w/{org}/{ws}/schedule/?start=2027-05-30&days=14",
    "availability": "/people/w/{org}/{ws}/availability/?start=2027-05-30&days=28",
    "time entries": "/people/w/{org}/{ws}/time/",
    "hours report": "/people/w/{org}/{ws}/hours/?start=2027-06-01&end=2027-06-30",
    "api people": "/api/people/",
    "api assignments": "/api/people/assignments/",
    "api time": "/api/people/time-entries/",
    "api availability": "/api/people/availability/?workspace={ws_id}&start=2027-05-30&end=2027-06-12",
}
BOUND = 15


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_query_count_does_not_grow_with_rows(tenant_a, login, name):
    ws = tenant_a.workspace
    url = PAGES[name].format(org=ws.organization.slug, ws=ws.slug, ws_id=ws.pk)
    for role in (Role.NAVIGATOR, Role.DEVIATOR):
        lead = tenant_a.user(role)
        client = login(lead)
        populate(tenant_a, 10)
        client.get(url)  # warm up: the session and the content-type cache are filled once per client
        small = count(client, url)
        populate(tenant_a, 50)  # 60 people in all
        large = count(client, url)
        assert small == large, f"{name} as {role.label}: {small} queries at 10 people, {large} at 60"
        assert large <= BOUND, f"{name} as {role.label}: {large} queries"
        from people.models import Person

        Person.objects.all().delete()


@pytest.mark.django_db
def test_schedule_grid_pins_its_queries(tenant_a, login, django_assert_max_num_queries):
    ws = tenant_a.workspace
    populate(tenant_a, 60)
    client = login(tenant_a.user(Role.NAVIGATOR))
    url = f"/people/w/{ws.organization.slug}/{ws.slug}/schedule/?start=2027-05-30&days=14"
    client.get(url)
    with django_assert_max_num_queries(BOUND):
        response = client.get(url)
    assert response.content.decode().count('class="shift"') == 180
