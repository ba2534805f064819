"""The advances on a day sheet are the day's: those naming one of its events, line by line with their
status and fulfilment, and apart, labelled, the production's advances that name no show day."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advancing import services as advancing
from advancing.tests.helpers import catalog_item
from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_event

from .conftest import line
from .test_sheet import _pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(tenant_a, day):
    """Aurora plays Columbiahalle on the sheet's day ("Tuesday") and again the day after ("Wednesday"):
    risers are advanced for Tuesday's show, confetti for Wednesday's."""
    wednesday = make_event(
        tenant_a,
        "Aurora Berlin, second night",
        start=day.event.starts_at + datetime.timedelta(days=1),
        hours=4,
        location=day.venue,
        production=day.production,
    )
    crew = tenant_a.user(Role.DEVIATOR)
    risers = catalog_item("ZZS-1000", "Stage risers", category="Technical")
    confetti = catalog_item("ZZF-1000", "Confetti cannon", category="Technical")
    tuesday_advance = advancing.create_advance(
        actor=crew,
        workspace=tenant_a.workspace,
        production=day.production,
        event=day.event,
        activation_name="Tuesday show",
        items=[line(risers, "6", "40")],
    )
    advancing.submit_advance(tuesday_advance, actor=crew)
    wednesday_advance = advancing.create_advance(
        actor=crew,
        workspace=tenant_a.workspace,
        production=day.production,
        event=wednesday,
        activation_name="Wednesday show",
        items=[line(confetti, "2", "300")],
    )
    day.wednesday, day.tuesday_advance, day.wednesday_advance = wednesday, tuesday_advance, wednesday_advance
    day.wednesday_path = f"/daysheets/{day.production.pk}/{(day.date + datetime.timedelta(days=1)).isoformat()}/"
    return day


def _section(html, testid):
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</ul>", start)]


def test_an_advance_for_tuesdays_show_is_on_tuesdays_sheet_not_wednesdays(tenant_a, week, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    tuesday = client.get(week.path).content.decode()
    day_lines = _section(tuesday, "day-lines")
    assert "Stage risers" in day_lines and "6 / 6" not in day_lines and "0 / 6" in day_lines
    assert "Submitted" in day_lines and "Pending" in day_lines  # the advance's status, the line's fulfilment
    assert "Confetti cannon" not in tuesday
    # the production's advance naming no day is listed apart, labelled
    assert "For the whole production" in tuesday
    whole = _section(tuesday, "production-lines")
    assert "Mixing desk" in whole and "Stage risers" not in whole

    wednesday = client.get(week.wednesday_path).content.decode()
    assert "Confetti cannon" in _section(wednesday, "day-lines")
    assert "Stage risers" not in wednesday
    assert "Mixing desk" in _section(wednesday, "production-lines")


def test_the_api_and_the_pdf_list_the_same_day_lines(tenant_a, week, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    data = client.get(f"/api/daysheets/{week.production.pk}/{week.date.isoformat()}").json()
    [risers] = data["advances"]["day_lines"]
    assert risers["name"] == "Stage risers" and risers["event_id"] == week.event.pk
    assert risers["advance_status"] == "submitted" and risers["fulfilment_status"] == "pending"
    assert {li["name"] for li in data["advances"]["production_lines"]} == {"Hotel room", "Mixing desk"}
    assert data["advances"]["by_status"] == {"submitted": 1, "approved": 1}  # Wednesday's is not counted here

    text = _pdf_text(client.get(week.path + "pdf/").content)
    assert "For this day" in text and "Stage risers" in text and "For the whole production" in text
    assert "Confetti cannon" not in text


def test_a_fulfilled_line_shows_what_arrived(tenant_a, week, login):
    gladiator = tenant_a.user(Role.GLADIATOR)
    advancing.approve_advance(week.tuesday_advance, actor=gladiator)
    item = week.tuesday_advance.items.get()
    advancing.record_fulfilment(week.tuesday_advance, actor=gladiator, item_id=item.pk, quantity_fulfilled="4")
    day_lines = _section(login(gladiator).get(week.path).content.decode(), "day-lines")
    assert "4 / 6" in day_lines and "Partial" in day_lines and "In progress" in day_lines


def test_crew_without_advance_rights_see_no_advances_section(tenant_a, week, login):
    """The runner (a Visitor) reads the sheet through their call; advances are not theirs to read."""
    client = login(week.runner)
    html = client.get(week.path).content.decode()
    assert 'data-testid="advances"' not in html and "Stage risers" not in html
    assert client.get(f"/api/daysheets/{week.production.pk}/{week.date.isoformat()}").json()["advances"] is None
    assert "Stage risers" not in _pdf_text(client.get(week.path + "pdf/").content)


def test_a_stagehand_sees_the_section_with_only_their_own_advances(tenant_a, week, login):
    html = login(tenant_a.user(Role.RAIDER)).get(week.path).content.decode()
    assert 'data-testid="advances"' in html and "Stage risers" not in html  # a Raider sees what they submitted


def test_the_sheet_costs_the_same_queries_with_3_or_30_advances_for_the_day(tenant_a, day, login):
    crew = tenant_a.user(Role.DEVIATOR)
    items = [catalog_item(f"ZZQ-{n:04d}", f"Item {n}", category="Technical") for n in range(2)]

    def advance_for_the_day(n):
        advancing.create_advance(
            actor=crew,
            workspace=tenant_a.workspace,
            production=day.production,
            event=day.event if n % 3 else None,  # every third for the whole production
            activation_name=f"Advance {n}",
            items=[line(item, "1") for item in items],
        )

    client = login(tenant_a.user(Role.GLADIATOR))

    def queries():
        client.get(day.path)  # warm the per-user caches (access, language, zone)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(day.path)
        assert page.status_code == 200
        return len(captured), page.content.decode()

    for n in range(3):
        advance_for_the_day(n)
    few, _html = queries()
    for n in range(3, 30):
        advance_for_the_day(n)
    many, html = queries()
    assert few == many
    assert html.count("Item 1<") == 30  # one line of each of the 30 advances (within the 50 a list shows)
