"""Hiring: a manager opens a position, a department lead records and screens applicants, the manager
offers and hires, and the hired applicant becomes a crew member carrying their certificates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import InvalidTransition
from dragonfly.files.models import Attachment
from dragonfly.files.services import UploadRefused
from dragonfly.tenancy.roles import Role
from people import services
from people.models import Application, Certification, Person

from .helpers import make_person, make_production, pinned

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
D = datetime.date


def cv(name="cv.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def hiring(tenant_a):
    ws = tenant_a.workspace
    manager, lead = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.NAVIGATOR)
    make_person(ws, "Nico", "Lead", user=lead, department="Rigging")
    opening = services.create_opening(
        ws, actor=manager, title="Rigger", production=make_production(ws, "Arena tour"), department="Rigging"
    )
    return {"ws": ws, "manager": manager, "lead": lead, "opening": opening}


def url(name, *args):
    from django.urls import reverse

    return reverse(f"people:{name}", args=args)


def test_an_applicant_goes_from_applied_to_crew_member_with_their_certificates(hiring, login):
    lead, manager, opening = hiring["lead"], hiring["manager"], hiring["opening"]
    client = login(lead)
    response = client.post(
        url("applicant_add", opening.pk),
        {"first_name": "Jo", "last_name": "Park", "email": "jo@example.com", "phone": "+1 555 0101", "cv": cv()},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and application.status == "applied"
    assert application.cv.bucket == "documents" and application.cv.original_name == "cv.pdf"
    client.post(
        url("applicant_certificate_add", application.pk),
        {"kind": "rigging", "name": "LOLER level 2", "expires_on": "2030-01-31"},
    )
    client.post(url("interview_note_add", application.pk), {"body": "Strong on truss work.", "rating": "4"})
    for stage in ("screened", "interviewed"):
        assert client.post(url("application_move", application.pk), {"to_status": stage}).status_code == 302
    # The department lead may not make the offer: that is the manager's.
    assert client.post(url("application_move", application.pk), {"to_status": "offered"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "interviewed"

    manager_client = login(manager)
    page = manager_client.get(url("application_detail", application.pk)).content.decode()
    assert "Make an offer" in page and "Strong on truss work." in page and "jo@example.com" in page
    manager_client.post(url("application_move", application.pk), {"to_status": "offered"})
    manager_client.post(url("application_move", application.pk), {"to_status": "hired"})

    application.refresh_from_db()
    person = application.person
    assert application.status == "hired" and person.full_name == "Jo Park"
    assert (person.job_title, person.department, person.phone) == ("Rigger", "Rigging", "+1 555 0101")
    cert = Certification.objects.get(person=person)
    assert (cert.kind, cert.name, cert.expires_on) == ("rigging", "LOLER level 2", D(2030, 1, 31))
    verbs = set(ActivityEntry.objects.for_object(application).values_list("verb", flat=True))
    assert {"application.created", "application.screened", "application.hired"} <= verbs


def test_a_skipped_stage_is_refused_in_the_one_wording_and_changes_nothing(hiring, login):
    application = services.add_applicant(hiring["opening"], actor=hiring["lead"], first_name="Al")
    with pytest.raises(InvalidTransition) as exc:
        services.move_application(application, actor=hiring["manager"], to_status="hired")
    assert str(exc.value) == "This application is at the applied stage; it can't be hired."
    response = login(hiring["manager"]).post(url("application_move", application.pk), {"to_status": "offered"})
    assert response.status_code == 409
    assert "This application is at the applied stage; it can&#x27;t be offered the job." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "applied" and not Person.objects.filter(first_name="Al").exists()


def test_declined_is_final(hiring):
    application = services.add_applicant(hiring["opening"], actor=hiring["lead"], first_name="Bo")
    services.move_application(application, actor=hiring["lead"], to_status="declined")
    with pytest.raises(InvalidTransition, match="This application is already declined."):
        services.move_application(application, actor=hiring["lead"], to_status="declined")


def test_crew_may_not_open_hiring_and_another_organization_sees_nothing(hiring, tenant_a, tenant_b, login):
    application = services.add_applicant(hiring["opening"], actor=hiring["lead"], first_name="Cy")
    ws = hiring["ws"]
    crew = login(tenant_a.user(Role.RAIDER))
    assert crew.get(url("openings", ws.organization.slug, ws.slug)).status_code == 403
    assert crew.get(f"/api/people/applications/{application.pk}/").status_code == 404
    assert crew.get("/api/people/applications/").json()["results"] == []
    outsider = login(tenant_b.user(Role.PHANTOM))
    for page in (url("opening_detail", hiring["opening"].pk), url("application_detail", application.pk)):
        assert outsider.get(page).status_code == 404
    assert outsider.post(url("application_move", application.pk), {"to_status": "screened"}).status_code == 404
    assert outsider.get(f"/api/people/openings/{hiring['opening'].pk}/").status_code == 404
    application.refresh_from_db()
    assert application.status == "applied"


def test_contact_and_cv_only_to_who_may_see_personal_data(hiring, tenant_a, login):
    application = services.add_applicant(
        hiring["opening"], actor=hiring["lead"], first_name="Di", email="di@example.com", cv=cv()
    )
    file_url = f"/files/{application.cv.pk}/"
    for role, sees in [(Role.GLADIATOR, True), (Role.NAVIGATOR, True), (Role.PASSENGER, False), (Role.DEVIATOR, False)]:
        client = login(tenant_a.user(role))
        page = client.get(url("application_detail", application.pk))
        assert page.status_code == 200
        assert ("di@example.com" in page.content.decode()) is sees, role
        assert (client.get(file_url).status_code == 200) is sees, role
        listed = [row["id"] for row in client.get("/api/files/?limit=200").json()["results"]]
        assert (application.cv.document_id in listed) is sees, role  # not even the CV's name
        body = client.get(f"/api/people/applications/{application.pk}/").json()
        assert ("email" in body) is sees and body["personal_data_visible"] is sees, role
        assert (body["cv_attachment"] is not None) is sees, role


def test_a_navigator_sees_applicants_contact_only_for_their_department(hiring, tenant_a, login):
    other = services.create_opening(hiring["ws"], actor=hiring["manager"], title="Chef", department="Catering")
    application = services.add_applicant(other, actor=hiring["manager"], first_name="Ed", email="ed@example.com")
    page = login(hiring["lead"]).get(url("application_detail", application.pk)).content.decode()
    assert "ed@example.com" not in page and "not shown to your role" in page


def test_a_cv_outside_the_documents_bucket_rules_is_refused_and_nothing_is_recorded(hiring, login):
    client = login(hiring["lead"])
    markup = SimpleUploadedFile("cv.html", b"<html><script>alert(1)</script></html>", content_type="text/html")
    response = client.post(url("applicant_add", hiring["opening"].pk), {"first_name": "Fay", "cv": markup})
    assert response.status_code == 400 and "web page markup" in response.content.decode()
    big = cv()
    big.size = 51 * 1024 * 1024  # over the documents bucket's 50 MB
    with pytest.raises(UploadRefused, match="at most 50 MB"):
        services.add_applicant(hiring["opening"], actor=hiring["lead"], first_name="Gus", cv=big)
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_a_closed_position_takes_no_applicants(hiring):
    services.close_opening(hiring["opening"], actor=hiring["manager"])
    with pytest.raises(Exception, match="This position is closed"):
        services.add_applicant(hiring["opening"], actor=hiring["manager"], first_name="Hal")


def test_roles_that_may_not_act_are_refused(hiring, tenant_a, login):
    ws = hiring["ws"]
    with pytest.raises(PermissionDenied):
        services.create_opening(ws, actor=hiring["lead"], title="Cook")
    application = services.add_applicant(hiring["opening"], actor=hiring["lead"], first_name="Ivy")
    passenger = login(tenant_a.user(Role.PASSENGER))
    assert passenger.post(url("application_move", application.pk), {"to_status": "screened"}).status_code == 403
    response = passenger.post(
        f"/api/people/applications/{application.pk}/move/", {"to_status": "screened"}, content_type="application/json"
    )
    assert response.status_code == 403 and "detail" in response.json()
    response = login(hiring["manager"]).post(
        f"/api/people/applications/{application.pk}/move/", {"to_status": "hired"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This application is at the applied stage; it can't be hired."


def test_the_board_shows_each_stage_with_its_moves_at_a_constant_cost(hiring, login):
    opening = hiring["opening"]
    for name in ("Ann", "Ben", "Cat"):
        services.add_applicant(opening, actor=hiring["lead"], first_name=name, email=f"{name}@example.com")
    services.move_application(Application.objects.get(first_name="Ben"), actor=hiring["lead"], to_status="screened")
    client = login(hiring["manager"])
    board = url("opening_detail", opening.pk)
    page = client.get(board).content.decode()
    assert page.count('class="board-card"') == 3 and "Mark screened" in page and "Mark interviewed" in page

    def more():
        for n in range(12):
            application = services.add_applicant(opening, actor=hiring["lead"], first_name=f"P{n}", email="p@x.org")
            if n % 2:
                services.move_application(application, actor=hiring["lead"], to_status="screened")

    pinned(client, board, more)
    ws = hiring["ws"]
    listing = url("openings", ws.organization.slug, ws.slug)
    pinned(
        client,
        listing,
        lambda: [services.create_opening(ws, actor=hiring["manager"], title=f"Job {n}") for n in range(5)],
    )
    pinned(client, "/api/people/applications/", more)


def test_the_api_opens_and_closes_positions_through_the_same_rules(hiring, tenant_a, login):
    ws = hiring["ws"]
    manager = login(hiring["manager"])
    response = manager.post(
        "/api/people/openings/", {"workspace": ws.pk, "title": "Lighting tech"}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["is_open"] is True
    pk = response.json()["id"]
    assert manager.post(f"/api/people/openings/{pk}/close/").json()["is_open"] is False
    response = manager.post(
        "/api/people/applications/", {"opening": pk, "first_name": "Late"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("This position is closed")
    lead = login(hiring["lead"])
    response = lead.post("/api/people/openings/", {"workspace": ws.pk, "title": "X"}, content_type="application/json")
    assert response.status_code == 403
