"""The events pages: calendar views, a new event with a clash, the event page and crew, run of
show, incidents, the conflicts page (the venue pages: locations/tests/test_pages.py)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from events.models import CrewCall, Cue, Event, Incident
from productions.tests.helpers import at, book, make_event, make_location, make_production

pytestmark = pytest.mark.django_db
R = Role


def ws_url(tenant, suffix=""):
    return f"/events/w/{tenant.org.slug}/{tenant.workspace.slug}/{suffix}"


def test_every_calendar_view_renders_events_in_their_venue_timezone(tenant_a, login):
    berlin = make_location(tenant_a, "Columbiahalle", tz="Europe/Berlin")
    make_event(tenant_a, "Berlin show", start=at("Europe/Berlin", 2027, 3, 12, 20, 0), location=berlin)
    client = login(tenant_a.user(R.PASSENGER))
    for view in ("month", "week", "day", "agenda"):
        page = client.get(ws_url(tenant_a), {"view": view, "date": "2027-03-12"})
        assert page.status_code == 200, view
        body = page.content.decode()
        assert "Berlin show" in body and "20:00" in body, view


@pytest.mark.parametrize("rows", [10, 60])
@pytest.mark.parametrize("view", ["month", "week", "agenda"])
def test_calendar_queries_do_not_grow_with_the_events(tenant_a, login, django_assert_max_num_queries, rows, view):
    venue = make_location(tenant_a)
    production = make_production(tenant_a)
    start = at("America/New_York", 2027, 3, 1, 19, 0)
    Event.objects.bulk_create(
        [
            Event(
                workspace=tenant_a.workspace,
                title=f"Show {i}",
                starts_at=start + datetime.timedelta(hours=11 * i),
                ends_at=start + datetime.timedelta(hours=11 * i + 3),
                timezone="America/New_York",
                location=venue,
                production=production,
            )
            for i in range(rows)
        ]
    )
    client = login(tenant_a.user(R.GLADIATOR))
    client.get(ws_url(tenant_a))
    # session, user, memberships, workspace, role permissions, grants, the events (and a count for the
    # agenda's pages), the shell's switcher and counters, the filter's production and venue choices
    with django_assert_max_num_queries(14):
        response = client.get(ws_url(tenant_a), {"view": view, "date": "2027-03-01"})
    assert response.status_code == 200


def test_calendar_filters_by_production_venue_and_type(tenant_a, login):
    venue = make_location(tenant_a)
    other = make_location(tenant_a, "Forum", tz="America/Los_Angeles")
    production = make_production(tenant_a)
    start = at("America/New_York", 2027, 3, 3, 19, 0)
    make_event(tenant_a, "MSG show", start=start, location=venue, production=production)
    make_event(tenant_a, "Forum rehearsal", start=start, location=other, kind="rehearsal")
    client = login(tenant_a.user(R.GLADIATOR))

    def titles(**params):
        page = client.get(ws_url(tenant_a), {"view": "agenda", "date": "2027-03-01", **params})
        return [e.title for _, events in page.context["agenda"] for e in events]

    assert titles(production=production.pk) == ["MSG show"]
    assert titles(location=other.pk) == ["Forum rehearsal"]
    assert titles(kind="rehearsal") == ["Forum rehearsal"]


def test_a_new_event_that_clashes_is_held_until_confirmed(tenant_a, login):
    venue = make_location(tenant_a)
    make_event(tenant_a, "Knicks game", start=at("America/New_York", 2027, 3, 5, 19, 0), location=venue)
    client = login(tenant_a.user(R.GLADIATOR))
    form = {
        "title": "Aurora night 1",
        "kind": "show",
        "status": "confirmed",
        "location": venue.pk,
        "starts": "2027-03-05T20:00",
        "ends": "2027-03-05T23:00",
    }
    live = client.post(ws_url(tenant_a, "check-conflicts/"), form)
    assert "Knicks game" in live.content.decode() and "Clash" in live.content.decode()
    response = client.post(ws_url(tenant_a, "new/"), form)
    assert response.status_code == 409 and "Nothing was saved" in response.content.decode()
    assert Event.objects.count() == 1
    response = client.post(ws_url(tenant_a, "new/"), {**form, "confirm_conflicts": "on"})
    assert response.status_code == 302
    event = Event.objects.get(title="Aurora night 1")
    assert event.starts_at == at("America/New_York", 2027, 3, 5, 20, 0)  # typed in the venue's time
    page = client.get(f"/events/event/{event.pk}/").content.decode()
    assert "Knicks game" in page and "EST" in page


def test_a_time_the_clocks_skip_is_refused(tenant_a, login):
    venue = make_location(tenant_a)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        ws_url(tenant_a, "new/"),
        {
            "title": "Night",
            "kind": "show",
            "status": "confirmed",
            "location": venue.pk,
            "starts": "2027-03-14T02:30",
            "ends": "2027-03-14T05:00",
        },
    )
    assert response.status_code == 400 and "does not exist in America/New_York" in response.content.decode()


def test_a_repeating_event_from_the_form(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        ws_url(tenant_a, "new/"),
        {
            "title": "Production meeting",
            "kind": "meeting",
            "status": "confirmed",
            "timezone": "Europe/London",
            "starts": "2027-03-22T10:00",
            "ends": "2027-03-22T11:00",
            "repeat": "weekly",
            "interval": "1",
            "weekdays": ["MO", "TH"],
            "repeat_count": "6",
        },
    )
    assert response.status_code == 302
    assert Event.objects.filter(title="Production meeting").count() == 6
    event = Event.objects.order_by("starts_at")[2]
    page = client.get(f"/events/event/{event.pk}/edit/").content.decode()
    assert "This and following events" in page


def test_booking_crew_warns_of_a_double_booking(tenant_a, login):
    venue = make_location(tenant_a)
    raider = tenant_a.user(R.RAIDER)
    first = make_event(tenant_a, "Load-in", start=at("America/New_York", 2027, 3, 5, 8, 0), hours=6, location=venue)
    book(first, raider)
    second = make_event(tenant_a, "Press call", start=at("America/New_York", 2027, 3, 5, 12, 0), location=venue)
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(f"/events/event/{second.pk}/crew/", {"user": raider.pk, "role_title": "Runner"})
    assert response.status_code == 409 and "already booked" in response.content.decode()
    response = client.post(f"/events/event/{second.pk}/crew/", {"user": raider.pk, "confirm_conflicts": "on"})
    assert response.status_code == 302 and CrewCall.objects.filter(event=second).count() == 1
    raider_page = login(raider).get(f"/events/event/{second.pk}/").content.decode()
    assert "Your call" in raider_page


def test_run_of_show_editor_print_and_live(tenant_a, login):
    event = make_event(tenant_a, "Aurora night 1", start=timezone.now() - datetime.timedelta(minutes=10))
    client = login(tenant_a.user(R.GLADIATOR))
    for item, duration in (("Doors", "10"), ("Support act", "30"), ("Headliner", "1:30:00")):
        assert (
            client.post(
                f"/events/event/{event.pk}/cues/new/", {"item": item, "duration": duration, "department": "stage"}
            ).status_code
            == 302
        )
    cues = list(Cue.objects.order_by("position"))
    response = client.post(
        f"/events/cue/{cues[2].pk}/move/", {"direction": "up"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="cues"
    )
    assert response.status_code == 200 and response.content.decode().startswith('<div id="cues">')
    assert [c.item for c in Cue.objects.order_by("position")] == ["Doors", "Headliner", "Support act"]
    response = client.post(
        f"/events/event/{event.pk}/run-of-show/reorder/", {"order": [cues[1].pk, cues[0].pk, cues[2].pk]}
    )
    assert response.status_code == 302
    assert [c.item for c in Cue.objects.order_by("position")] == ["Support act", "Doors", "Headliner"]
    assert "Headliner" in client.get(f"/events/event/{event.pk}/run-of-show/print/").content.decode()
    live = client.get(f"/events/event/{event.pk}/run-of-show/live/")
    assert live.status_code == 200 and "Show running" in live.content.decode()
    passenger = login(tenant_a.user(R.PASSENGER))
    assert passenger.get(f"/events/event/{event.pk}/run-of-show/").status_code == 200
    assert (
        passenger.post(
            f"/events/event/{event.pk}/cues/new/", {"item": "x", "duration": "1", "department": "stage"}
        ).status_code
        == 403
    )


def test_incident_report_with_a_photo_and_resolution(tenant_a, login, django_capture_on_commit_callbacks):
    event = make_event(tenant_a, "Aurora night 1")
    deviator = login(tenant_a.user(R.DEVIATOR))
    photo = SimpleUploadedFile("barrier.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = deviator.post(
            f"/events/event/{event.pk}/incidents/new/",
            {
                "title": "Barrier gave way",
                "severity": "high",
                "category": "safety",
                "description": "Front-of-house barrier section 3.",
                "files": [photo],
            },
        )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert "barrier.png" in deviator.get(f"/events/incident/{incident.pk}/").content.decode()
    # the crew lead reports; the office resolves
    assert deviator.post(f"/events/incident/{incident.pk}/status/", {"to_status": "resolved"}).status_code == 403
    navigator = login(tenant_a.user(R.NAVIGATOR))
    response = navigator.post(f"/events/incident/{incident.pk}/status/", {"to_status": "resolved"})
    assert response.status_code == 400 and "Say what was done" in response.content.decode()
    navigator.post(f"/events/incident/{incident.pk}/status/", {"to_status": "resolved", "note": "Section replaced"})
    incident.refresh_from_db()
    assert incident.status == "resolved" and "Section replaced" in incident.actions_taken
    assert navigator.get(ws_url(tenant_a, "incidents/")).status_code == 200


def test_a_clash_months_ahead_is_listed_and_the_page_says_which_dates_it_covers(tenant_a, login):
    venue = make_location(tenant_a)
    may = timezone.now() + datetime.timedelta(days=150)
    make_event(tenant_a, "Spring gala", start=may, location=venue)
    rehearsal = make_event(tenant_a, "Spring rehearsal", start=may + datetime.timedelta(hours=1), location=venue)
    manager = login(tenant_a.user(R.GLADIATOR))
    page = manager.get(ws_url(tenant_a, "conflicts/"))
    assert {(p.first.title, p.second.title) for p in page.context["pairs"]} == {("Spring gala", "Spring rehearsal")}
    # the range runs to the day the last event ends (the rehearsal, 4 h after the gala starts:
    # past midnight when the test runs after 20:00, which is how this once failed)
    last_day = timezone.localtime(rehearsal.ends_at).date()
    heading = f"{timezone.localdate():%-d %b %Y} – {last_day:%-d %b %Y}"
    assert heading in page.content.decode()  # the range shown, in the heading
    # a range of the manager's choosing: the next two weeks hold no clash, and say so
    today = timezone.localdate()
    narrow = manager.get(ws_url(tenant_a, "conflicts/"), {"start": today, "end": today + datetime.timedelta(days=14)})
    assert narrow.context["pairs"] == []
    assert "No venue or person is double-booked" in narrow.content.decode()
    bad = manager.get(ws_url(tenant_a, "conflicts/"), {"start": today, "end": today - datetime.timedelta(days=1)})
    assert bad.status_code == 400 and "The last day cannot be before the first day." in bad.content.decode()


def test_the_conflicts_page_lists_double_bookings(tenant_a, login):
    venue = make_location(tenant_a)
    start = timezone.now() + datetime.timedelta(days=3)
    a = make_event(tenant_a, "Show A", start=start, location=venue)
    b = make_event(tenant_a, "Show B", start=start + datetime.timedelta(hours=1), location=venue)
    make_event(tenant_a, "Show C", start=start + datetime.timedelta(hours=3), location=venue)  # touches A
    raider = tenant_a.user(R.RAIDER)
    other = make_event(tenant_a, "Elsewhere", start=start + datetime.timedelta(hours=2))
    book(a, raider)
    book(other, raider)
    page = login(tenant_a.user(R.GLADIATOR)).get(ws_url(tenant_a, "conflicts/"))
    pairs = {(p.kind, p.first.title, p.second.title) for p in page.context["pairs"]}
    assert pairs == {
        ("location", "Show A", "Show B"),
        ("location", "Show B", "Show C"),
        ("person", "Show A", "Elsewhere"),
    }
    assert b.pk
