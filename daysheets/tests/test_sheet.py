"""The day sheet: who reads it, what it shows, its PDF and its API answer."""

import base64
import datetime
import re
import zlib

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from events.models import EventStatus
from productions.tests.helpers import book, make_event

pytestmark = pytest.mark.django_db


def test_the_production_manager_reads_the_whole_day(tenant_a, day, login):
    page = login(tenant_a.user(Role.GLADIATOR)).get(day.path)
    assert page.status_code == 200
    html = page.content.decode()
    # the schedule and its run of show, in the venue's time
    assert "Aurora Berlin" in html and "19:00" in html
    assert "Support act" in html and "Headline set" in html
    assert "19:40" in html  # the headline follows the 40-minute support
    # the crew calls: who, when, as what
    for person in day.crew:
        assert person.get_username() in html or person.get_full_name() in html
    assert "14:00" in html and "Crew chief" in html and "Runner" in html
    # the venue: address, load-in, parking, power, contacts
    for text in ("Columbiadamm 13-21", "Dock on Golßener Str.", "Nightliner bay", "2 × 125 A CEE", "Kai Brandt"):
        assert text in html
    # the advances: counts by status, the lines not yet in, the hotel
    assert "Approved: 1" in html
    assert "Mixing desk" in html
    assert 'data-testid="travel"' in html and "Hotel room" in html
    # the production's contacts
    assert "Dana Reyes" in html


def test_a_runner_called_that_day_reads_it_without_any_role_that_shows_events(tenant_a, day, login):
    """The runner is a Visitor: no grant shows them the event, their call does (schedule, venue, own call)."""
    page = login(day.runner).get(day.path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aurora Berlin" in html and "Headline set" in html
    assert "Dock on Golßener Str." in html and "Kai Brandt" in html
    assert 'data-testid="my-call"' in html
    # a Visitor sees their own call, not the rest of the crew
    assert "Runner" in html and "Crew chief" not in html
    # and no advances (a Visitor reads none); the event's own page is not theirs, so no link to it
    assert "Mixing desk" not in html
    assert f"/events/event/{day.event.pk}/" not in html


def test_a_stagehand_sees_only_their_own_advances(tenant_a, day, login):
    html = login(tenant_a.user(Role.RAIDER)).get(day.path).content.decode()
    assert "Aurora Berlin" in html and "Mixing desk" not in html  # a Raider sees the advances they submitted


def test_marketing_reads_the_public_show_but_not_the_crew_the_venue_logistics_or_contacts(tenant_a, day, login):
    html = login(tenant_a.user(Role.AMBASSADOR)).get(day.path).content.decode()
    assert "Aurora Berlin" in html and "Columbiadamm 13-21" in html
    for private in ("Crew chief", "Headline set", "Nightliner bay", "Kai Brandt", "Dana Reyes", "Mixing desk"):
        assert private not in html


def test_someone_not_called_who_may_not_see_the_event_gets_404(tenant_a, day, login):
    """A Raider of the organization's other workspace: events there are not theirs to see."""
    outsider = make_member(Role.RAIDER, tenant_a.org, tenant_a.other_workspace)
    client = login(outsider)
    assert client.get(day.path).status_code == 404
    assert client.get(day.path + "pdf/").status_code == 404
    assert client.get(f"/api/daysheets/{day.production.pk}/{day.date.isoformat()}").status_code == 404
    assert day.path not in client.get(reverse("daysheets:list")).content.decode()


def test_another_organization_sees_nothing(tenant_a, tenant_b, day, login):
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.get(day.path).status_code == 404
    assert client.get(day.path + "pdf/").status_code == 404
    answer = client.get(f"/api/daysheets/{day.production.pk}/{day.date.isoformat()}")
    assert answer.status_code == 404 and answer["Content-Type"].startswith("application/json")
    assert "Aurora" not in client.get(reverse("daysheets:list")).content.decode()


def test_a_day_without_events_or_a_bad_date_is_404(tenant_a, day, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    other_day = (day.date + datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/daysheets/{day.production.pk}/{other_day}/").status_code == 404
    assert client.get(f"/daysheets/{day.production.pk}/2027-13-45/").status_code == 404
    answer = client.get(f"/api/daysheets/{day.production.pk}/not-a-day")
    assert answer.status_code == 404 and "YYYY-MM-DD" in answer.json()["detail"]


def test_a_cancelled_show_leaves_the_day_off_the_sheets(tenant_a, day, login):
    day.event.status = EventStatus.CANCELLED
    day.event.save()
    assert login(tenant_a.user(Role.GLADIATOR)).get(day.path).status_code == 404


def test_the_list_shows_the_upcoming_days_and_marks_mine(tenant_a, day, login):
    html = login(tenant_a.user(Role.RAIDER)).get(reverse("daysheets:list")).content.decode()
    assert day.path in html and "Aurora — Europe" in html and "Columbiahalle" in html
    assert "You&#x27;re called" in html or "You're called" in html


def test_the_production_page_has_a_day_sheets_tab(tenant_a, tenant_b, day, login):
    tab = f"/productions/{day.production.pk}/daysheets/"
    html = login(tenant_a.user(Role.GLADIATOR)).get(tab).content.decode()
    assert day.path in html and "Columbiahalle" in html
    assert login(tenant_b.user(Role.PHANTOM)).get(tab).status_code == 404


def _pdf_text(data):
    """The text drawn on the PDF's pages (its content streams, deflated)."""
    text = b""
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        text += zlib.decompress(base64.a85decode(stream.strip().removesuffix(b"~>")))  # ASCII85, then deflate
    return text.decode("latin-1")


def test_the_pdf_is_the_sheet_with_a_stable_name(tenant_a, day, login):
    response = login(tenant_a.user(Role.DEVIATOR)).get(day.path + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    name = f"day-sheet-aurora-europe-{day.date.isoformat()}.pdf"
    assert response["Content-Disposition"] == f'inline; filename="{name}"'
    text = _pdf_text(response.content)
    assert "Columbiahalle" in text and "Aurora Berlin" in text and "Headline set" in text


def test_the_api_answers_the_same_sheet(tenant_a, day, login):
    data = login(tenant_a.user(Role.NAVIGATOR)).get(f"/api/daysheets/{day.production.pk}/{day.date.isoformat()}").json()
    assert data["day"] == day.date.isoformat() and data["production"]["name"] == "Aurora — Europe"
    [event] = data["events"]
    assert event["title"] == "Aurora Berlin" and event["timezone"] == "Europe/Berlin"
    assert [c["role"] for c in event["crew_calls"]] == ["Crew chief", "Stagehand", "Runner"]
    assert [c["item"] for c in event["run_of_show"]] == ["Support act", "Headline set"]
    [venue] = data["venues"]
    assert venue["name"] == "Columbiahalle" and venue["parking"] == "Nightliner bay behind the hall"
    assert data["advances"]["by_status"] == {"approved": 1}
    assert data["advances"]["day_lines"] == []  # the advance names no show day: it is the whole production's
    assert {line["name"] for line in data["advances"]["production_lines"]} == {"Hotel room", "Mixing desk"}
    assert [line["name"] for line in data["hotel_and_travel"]] == ["Hotel room"]
    assert data["contacts"]["production_manager"]["name"] == "Dana Reyes"


def test_the_api_gives_a_called_visitor_only_their_call(tenant_a, day, login):
    data = login(day.runner).get(f"/api/daysheets/{day.production.pk}/{day.date.isoformat()}").json()
    assert [c["role"] for c in data["events"][0]["crew_calls"]] == ["Runner"]
    assert data["advances"] is None  # a Visitor reads no advances: no section


@pytest.mark.parametrize("more", [1, 6])
def test_the_sheet_costs_the_same_queries_however_many_events_and_calls(
    tenant_a, day, login, django_assert_max_num_queries, more
):
    for n in range(more):
        extra = make_event(
            tenant_a,
            f"Signing {n}",
            start=day.event.starts_at - datetime.timedelta(hours=n + 1),
            hours=1,
            location=day.venue,
            production=day.production,
        )
        book(extra, tenant_a.user(Role.NAVIGATOR), role_title="Host")
    client = login(tenant_a.user(Role.GLADIATOR))
    client.get(day.path)  # warm the per-user caches (access, language, zone)
    with django_assert_max_num_queries(17):  # the advances: counts, the day's lines, the production's, travel
        assert client.get(day.path).status_code == 200


@pytest.mark.parametrize("more", [1, 8])
def test_the_list_costs_the_same_queries_however_many_days(tenant_a, day, login, django_assert_max_num_queries, more):
    for n in range(more):
        make_event(
            tenant_a,
            f"Show {n}",
            start=day.event.starts_at + datetime.timedelta(days=n + 1),
            location=day.venue,
            production=day.production,
        )
    client = login(tenant_a.user(Role.GLADIATOR))
    client.get(reverse("daysheets:list"))
    with django_assert_max_num_queries(11):
        page = client.get(reverse("daysheets:list"))
    assert page.status_code == 200 and page.content.decode().count('class="agenda-item"') == more + 1
