"""Training: a course grants a certificate; passing a session writes it on the crew record, so someone the
certificate check kept off a position can then be assigned to it."""

import datetime

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from people import services
from people.errors import CertificationMissing, PeopleInvalid
from people.models import Assignment, Certification, TrainingRecord

from .helpers import at, make_person, make_position, make_production, pinned

D = datetime.date


@pytest.fixture
def training(tenant_a):
    ws = tenant_a.workspace
    manager = tenant_a.user(Role.GLADIATOR)
    course = services.create_course(
        ws, actor=manager, name="Forklift operator", certification_kind="forklift", validity_months=36
    )
    return {
        "ws": ws,
        "manager": manager,
        "lead": tenant_a.user(Role.NAVIGATOR),
        "course": course,
        "session": services.schedule_session(course, actor=manager, date=D(2027, 3, 1), trainer="Kim Vo", capacity=2),
        "ana": make_person(ws, "Ana", "Lopez"),
    }


def test_a_person_blocked_for_a_missing_certificate_passes_training_and_can_be_assigned(training, login):
    ws, lead, ana = training["ws"], training["lead"], training["ana"]
    show, forklift = make_production(ws, "Arena"), make_position(ws, "Forklift driver", required=["forklift"])
    shift = {
        "production": show,
        "position": forklift,
        "call_time": at("2027-06-10", 8),
        "end_time": at("2027-06-10", 16),
    }
    with pytest.raises(CertificationMissing):
        services.assign_person(ana, actor=lead, **shift)

    client = login(lead)
    session = training["session"]
    response = client.post(reverse("people:session_enrol", args=[session.pk]), {"person": ana.pk})
    assert response.status_code == 302
    record = TrainingRecord.objects.get(person=ana)
    response = client.post(reverse("people:record_result", args=[record.pk]), {"result": "passed"})
    assert response.status_code == 302

    record.refresh_from_db()
    cert = Certification.objects.get(person=ana)
    assert record.result == "passed" and record.certification == cert
    assert (cert.kind, cert.issued_on, cert.expires_on) == ("forklift", D(2027, 3, 1), D(2030, 3, 1))
    assert record.expires_on == D(2030, 3, 1)
    assert services.assign_person(ana, actor=lead, **shift).pk
    assert Assignment.objects.filter(person=ana).count() == 1
    # The person's page shows the training, and the session page the result.
    page = client.get(reverse("people:person_detail", args=[ana.pk])).content.decode()
    assert "Forklift operator" in page and "Passed" in page


def test_a_fail_grants_nothing_and_a_result_is_recorded_once(training):
    record = services.enroll(training["session"], actor=training["lead"], person=training["ana"])
    services.record_result(record, actor=training["lead"], result="failed")
    assert not Certification.objects.exists()
    with pytest.raises(PeopleInvalid, match="already recorded"):
        services.record_result(record, actor=training["lead"], result="passed")


def test_passing_again_renews_the_certificate(training):
    ana, manager = training["ana"], training["manager"]
    first = services.enroll(training["session"], actor=manager, person=ana)
    services.record_result(first, actor=manager, result="passed")
    later = services.schedule_session(training["course"], actor=manager, date=D(2029, 11, 1), trainer="Kim Vo")
    services.record_result(services.enroll(later, actor=manager, person=ana), actor=manager, result="passed")
    latest = Certification.objects.filter(person=ana).order_by("-expires_on").first()
    assert latest.expires_on == D(2032, 11, 1)


def test_a_full_session_refuses_one_more(training, login):
    ws, session = training["ws"], training["session"]
    for name in ("Bo", "Cy"):
        services.enroll(session, actor=training["lead"], person=make_person(ws, name))
    with pytest.raises(PeopleInvalid, match="This session is full"):
        services.enroll(session, actor=training["lead"], person=training["ana"])
    assert TrainingRecord.objects.count() == 2


def test_bad_input_is_refused_with_nothing_changed(training, login):
    client = login(training["manager"])
    ws = training["ws"]
    courses = reverse("people:courses", args=[ws.organization.slug, ws.slug])
    response = client.post(courses, {"name": "Forklift operator"})
    assert response.status_code == 400 and "already exists" in response.content.decode()
    record = services.enroll(training["session"], actor=training["lead"], person=training["ana"])
    response = client.post(f"/api/people/training-records/{record.pk}/result/", {"result": "maybe"})
    assert response.status_code == 400 and "result" in response.json()["errors"]
    record.refresh_from_db()
    assert record.result == "enrolled"


def test_crew_see_their_own_records_only_and_may_not_record(training, tenant_a, tenant_b, login):
    ws, raider = training["ws"], tenant_a.user(Role.RAIDER)
    me = make_person(ws, "Riley", "Chen", user=raider)
    mine = services.enroll(training["session"], actor=training["lead"], person=me)
    other = services.enroll(training["session"], actor=training["lead"], person=training["ana"])
    client = login(raider)
    assert [r["id"] for r in client.get("/api/people/training-records/").json()["results"]] == [mine.pk]
    assert client.get(reverse("people:courses", args=[ws.organization.slug, ws.slug])).status_code == 403
    assert client.post(f"/api/people/training-records/{mine.pk}/result/", {"result": "passed"}).status_code == 403
    assert client.get(f"/api/people/training-records/{other.pk}/").status_code == 404
    outsider = login(tenant_b.user(Role.PHANTOM))
    assert outsider.get(reverse("people:session_detail", args=[training["session"].pk])).status_code == 404
    assert outsider.post(reverse("people:record_result", args=[other.pk]), {"result": "passed"}).status_code == 404
    other.refresh_from_db()
    assert other.result == "enrolled"


def test_training_lists_cost_the_same_queries_for_more_rows(training, login):
    ws, manager = training["ws"], training["manager"]
    client = login(manager)
    course = training["course"]

    def more_sessions():
        for day in range(1, 8):
            session = services.schedule_session(course, actor=manager, date=D(2027, 4, day), trainer="Kim Vo")
            services.enroll(session, actor=manager, person=training["ana"])

    pinned(client, reverse("people:course_detail", args=[course.pk]), more_sessions)
    pinned(
        client,
        reverse("people:courses", args=[ws.organization.slug, ws.slug]),
        lambda: [services.create_course(ws, actor=manager, name=f"Course {n}") for n in range(5)],
    )
    pinned(client, "/api/people/training-records/", more_sessions)
