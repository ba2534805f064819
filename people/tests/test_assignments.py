"""A crew lead assigns people: certificates gate positions, fatigue rules warn, double booking is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from people.errors import CertificationMissing, PeopleInvalid, ScheduleConflict
from people.fatigue import Shift, fatigue_warnings
from people.models import Assignment, Unavailability, WorkRules
from people.services import assign_person

from .helpers import at, make_assignment, make_cert, make_person, make_position, make_production

D = datetime.date
H = datetime.timedelta(hours=1)


@pytest.fixture
def crew(tenant_a):
    ws = tenant_a.workspace
    return {
        "ws": ws,
        "lead": tenant_a.user(Role.NAVIGATOR),
        "admin": tenant_a.user(Role.GLADIATOR),
        "show": make_production(ws, "Main stage", start_date=D(2027, 6, 10), end_date=D(2027, 6, 14)),
        "forklift": make_position(ws, "Forklift driver", required=["forklift"]),
        "rigger": make_position(ws, "High rigger", required=["rigging", "working_at_height"]),
        "hand": make_position(ws, "Stagehand"),
        "ana": make_person(ws, "Ana", "Lopez"),
    }


def assign(crew, person, position, start, end, actor=None, **kwargs):
    return assign_person(
        person,
        actor=actor or crew["lead"],
        production=crew["show"],
        position=position,
        call_time=start,
        end_time=end,
        **kwargs,
    )


# --- certificate gating ------------------------------------------------------------------------
def test_a_position_without_requirements_takes_anyone(crew):
    a = assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 16))
    assert a.pk and a.warnings == []
    assert ActivityEntry.objects.for_object(a).filter(verb="assignment.created").exists()


def test_missing_certificate_is_refused_with_the_reason(crew):
    with pytest.raises(CertificationMissing) as exc:
        assign(crew, crew["ana"], crew["forklift"], at("2027-06-10", 8), at("2027-06-10", 16))
    assert exc.value.reasons == ["Ana Lopez has no Forklift certificate"]
    assert not Assignment.objects.exists()


def test_certificate_lapsing_before_the_show_is_refused_and_not_called_expired(crew):
    # today is months before the show: the ticket is still valid now, it lapses the day before
    make_cert(crew["ana"], "forklift", expires_on=D(2027, 6, 9))
    with pytest.raises(CertificationMissing) as exc:
        assign(crew, crew["ana"], crew["forklift"], at("2027-06-10", 8), at("2027-06-10", 16))
    days = (D(2027, 6, 9) - timezone.localdate()).days
    assert exc.value.reasons == [
        f"Ana Lopez’s Forklift certificate expires on 09 Jun 2027 (in {days} days), before the shift starts"
    ]


def test_a_certificate_expiring_in_ten_days_is_not_described_as_expired(crew):
    today = timezone.localdate()
    make_cert(crew["ana"], "forklift", expires_on=today + datetime.timedelta(days=10))
    start = timezone.now() + datetime.timedelta(days=20)
    with pytest.raises(CertificationMissing) as exc:
        assign(crew, crew["ana"], crew["forklift"], start, start + 8 * H)
    (reason,) = exc.value.reasons
    assert "expired" not in reason and "(in 10 days), before the shift starts" in reason


def test_a_lapsed_certificate_says_how_long_ago(crew):
    today = timezone.localdate()
    make_cert(crew["ana"], "forklift", expires_on=today - datetime.timedelta(days=3))
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(CertificationMissing) as exc:
        assign(crew, crew["ana"], crew["forklift"], start, start + 8 * H)
    assert exc.value.reasons == [
        f"Ana Lopez’s Forklift certificate expired on {today - datetime.timedelta(days=3):%d %b %Y} (3 days ago)"
    ]


def test_certificate_lapsing_during_an_overnight_shift_is_refused(crew):
    make_cert(crew["ana"], "forklift", expires_on=D(2027, 6, 10))
    with pytest.raises(CertificationMissing, match="expires on 10 Jun 2027, before the shift ends"):
        assign(crew, crew["ana"], crew["forklift"], at("2027-06-10", 20), at("2027-06-11", 4))


def test_certificate_valid_through_the_last_day_is_enough(crew):
    make_cert(crew["ana"], "forklift", expires_on=D(2027, 6, 10))  # expires at the end of the show day
    assert assign(crew, crew["ana"], crew["forklift"], at("2027-06-10", 8), at("2027-06-10", 16)).pk


def test_every_required_certificate_is_named(crew):
    make_cert(crew["ana"], "rigging", expires_on=D(2030, 1, 1))
    with pytest.raises(CertificationMissing) as exc:
        assign(crew, crew["ana"], crew["rigger"], at("2027-06-10", 8), at("2027-06-10", 16))
    assert exc.value.reasons == ["Ana Lopez has no Working at height certificate"]


def test_an_admin_may_override_with_a_note_that_is_logged(crew):
    a = assign(
        crew,
        crew["ana"],
        crew["forklift"],
        at("2027-06-10", 8),
        at("2027-06-10", 16),
        actor=crew["admin"],
        override_note="Renewal booked; supervised by Sam",
    )
    assert a.override_note == "Renewal booked; supervised by Sam" and a.overridden_by == crew["admin"]
    entry = ActivityEntry.objects.for_object(a).get(verb="assignment.certificate_override")
    assert entry.note == "Renewal booked; supervised by Sam"
    assert entry.data["missing"] == ["Ana Lopez has no Forklift certificate"]


def test_a_navigator_cannot_override(crew):
    with pytest.raises(PermissionDenied):
        assign(crew, crew["ana"], crew["forklift"], at("2027-06-10", 8), at("2027-06-10", 16), override_note="please")
    assert not Assignment.objects.exists()


# --- double booking and bad input -------------------------------------------------------------
def test_overlapping_shift_for_the_same_person_is_refused(crew):
    assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 16))
    with pytest.raises(ScheduleConflict, match="already assigned as Stagehand"):
        assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 15), at("2027-06-10", 20))
    assert assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 16), at("2027-06-10", 18)).pk  # back to back


def test_end_before_call_and_other_workspaces_are_refused(crew, tenant_a):
    with pytest.raises(PeopleInvalid):
        assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 8))
    other_position = make_position(tenant_a.other_workspace, "Elsewhere")
    with pytest.raises(PeopleInvalid):
        assign(crew, crew["ana"], other_position, at("2027-06-10", 8), at("2027-06-10", 9))


def test_roles_without_the_power_cannot_assign(crew, tenant_a):
    for role in (Role.DEVIATOR, Role.RAIDER, Role.PASSENGER, Role.MERCHANT):
        with pytest.raises(PermissionDenied):
            assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 9), actor=tenant_a.user(role))


# --- fatigue rules: warnings, with the edges ----------------------------------------------------
RULES = WorkRules()  # 12 h shift, 10 h rest, 6 days in a row


def test_exactly_twelve_hours_is_fine_a_minute_more_warns():
    assert fatigue_warnings([Shift(1, at("2027-06-10", 8), at("2027-06-10", 20))], RULES) == {}
    warned = fatigue_warnings([Shift(1, at("2027-06-10", 8), at("2027-06-10", 20, 1))], RULES)
    assert warned == {1: ["Shift of 12 h 1 min is longer than 12 h."]}


def test_exactly_ten_hours_rest_is_fine_a_minute_less_warns():
    day = [Shift(1, at("2027-06-10", 8), at("2027-06-10", 18))]
    assert fatigue_warnings(day + [Shift(2, at("2027-06-11", 4), at("2027-06-11", 12))], RULES) == {}
    warned = fatigue_warnings(day + [Shift(2, at("2027-06-11", 3, 59), at("2027-06-11", 12))], RULES)
    assert warned == {
        1: ["Only 9 h 59 min rest between shifts (minimum 10 h)."],
        2: ["Only 9 h 59 min rest between shifts (minimum 10 h)."],
    }


def test_seven_days_in_a_row_warns_six_do_not():
    days = [D(2027, 6, 1) + datetime.timedelta(days=i) for i in range(6)]
    six = [Shift(i, at(day, 8), at(day, 16)) for i, day in enumerate(days)]
    assert fatigue_warnings(six, RULES) == {}
    seven = six + [Shift(6, at("2027-06-07", 8), at("2027-06-07", 16))]
    warned = fatigue_warnings(seven, RULES)
    assert set(warned) == set(range(7))
    assert warned[6] == ["7 days in a row (more than 6)."]


def test_assigning_keeps_the_fatigue_warnings_on_the_assignment(crew):
    assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 20))  # exactly 12 h
    second = assign(crew, crew["ana"], crew["hand"], at("2027-06-11", 5), at("2027-06-11", 18))  # 9 h rest, 13 h
    assert second.warnings == [
        "Shift of 13 h is longer than 12 h.",
        "Only 9 h rest between shifts (minimum 10 h).",
    ]
    assert Assignment.objects.get(call_time=at("2027-06-10", 8)).warnings == []


def test_organization_rules_replace_the_defaults(crew, tenant_a):
    WorkRules.objects.create(organization=tenant_a.org, max_shift_hours=8, min_rest_hours=12, max_consecutive_days=5)
    a = assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 17))
    assert a.warnings == ["Shift of 9 h is longer than 8 h."]


def test_unavailability_warns_on_assignment(crew):
    Unavailability.objects.create(
        workspace=crew["ws"], person=crew["ana"], start_date=D(2027, 6, 10), end_date=D(2027, 6, 11), reason="wedding"
    )
    a = assign(crew, crew["ana"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 12))
    assert a.warnings == ["Ana Lopez is marked unavailable 10 Jun–11 Jun (wedding)."]


def test_schedule_grid_shows_the_warning(crew, tenant_a, login):
    ws = crew["ws"]
    make_assignment(crew["ana"], crew["show"], crew["hand"], at("2027-06-10", 8), at("2027-06-10", 21))
    client = login(crew["lead"])
    response = client.get(f"/people/w/{ws.organization.slug}/{ws.slug}/schedule/?start=2027-06-07&days=7")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Shift of 13 h is longer than 12 h." in html
    assert f'data-testid="cell-{crew["ana"].pk}-2027-06-10"' in html


# --- the page and the API ------------------------------------------------------------------
def test_assign_page_shows_the_refusal_and_then_assigns(crew, login):
    ws = crew["ws"]
    client = login(crew["lead"])
    url = f"/people/w/{ws.organization.slug}/{ws.slug}/assign/"
    form = {
        "person": crew["ana"].pk,
        "position": crew["forklift"].pk,
        "production": crew["show"].pk,
        "call_time": "2027-06-10T08:00",
        "end_time": "2027-06-10T16:00",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Ana Lopez has no Forklift certificate" in response.content.decode()
    make_cert(crew["ana"], "forklift", expires_on=D(2028, 1, 1))
    response = client.post(url, form)
    assert response.status_code == 302
    assert Assignment.objects.get().call_time == at("2027-06-10", 8)  # organization timezone is UTC


def test_api_refuses_with_reasons_and_assigns(crew, login):
    client = login(crew["lead"])
    body = {
        "person": crew["ana"].pk,
        "position": crew["forklift"].pk,
        "production": crew["show"].pk,
        "call_time": "2027-06-10T08:00:00Z",
        "end_time": "2027-06-10T16:00:00Z",
    }
    response = client.post("/api/people/assignments/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "certification_missing"
    assert response.json()["reasons"] == ["Ana Lopez has no Forklift certificate"]
    body["position"] = crew["hand"].pk
    response = client.post("/api/people/assignments/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    response = client.post("/api/people/assignments/", body, content_type="application/json")
    assert response.status_code == 409


def test_assigning_to_an_event_takes_its_production(crew):
    from events.models import Event

    event = Event.objects.create(
        workspace=crew["ws"],
        production=crew["show"],
        title="Headline show",
        starts_at=at("2027-06-10", 19),
        ends_at=at("2027-06-10", 23),
    )
    a = assign_person(
        crew["ana"],
        actor=crew["lead"],
        event=event,
        position=crew["hand"],
        call_time=at("2027-06-10", 14),
        end_time=at("2027-06-10", 23, 30),
    )
    assert (a.event, a.production, a.where) == (event, crew["show"], "Headline show")


def test_an_admin_creates_a_position_with_required_certificates(crew, tenant_a, login):
    ws = crew["ws"]
    url = f"/people/w/{ws.organization.slug}/{ws.slug}/positions/"
    assert login(crew["lead"]).post(url, {"name": "Rigger"}).status_code == 403
    client = login(crew["admin"])
    response = client.post(url, {"name": "Up rigger", "required_certifications": ["rigging", "working_at_height"]})
    assert response.status_code == 302
    from people.models import Position

    assert Position.objects.get(name="Up rigger").required_labels == ["Rigging", "Working at height"]
    assert "Up rigger" in client.get(url).content.decode()
