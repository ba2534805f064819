"""The resources API: the same services, rules and visibility as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.tenancy.roles import Role
from people.models import TrainingRecord
from resources.models import Course, Enrolment, Material

from .helpers import crew_record, make_course, make_material, make_training

pytestmark = pytest.mark.django_db
R = Role
JSON = "application/json"


def test_materials_through_the_api(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    ws = tenant_a.workspace.pk
    response = client.post(
        "/api/resources/materials/",
        {"workspace": ws, "title": "Knots", "kind": "video", "url": "https://example.com/k", "tags": "Rigging"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert response.json()["tags"] == "rigging"
    bad = client.post(
        "/api/resources/materials/",
        {"workspace": ws, "title": "Bad", "kind": "link", "url": "ftp://example.com/x"},
        content_type=JSON,
    )
    assert bad.status_code == 400
    pdf = SimpleUploadedFile("handbook.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")
    doc = client.post(
        "/api/resources/materials/", {"workspace": ws, "title": "Handbook", "kind": "document", "upload": pdf}
    )
    assert doc.status_code == 201 and doc.json()["document"]
    assert sorted(Material.objects.values_list("title", flat=True)) == ["Handbook", "Knots"]
    names = [row["title"] for row in client.get("/api/resources/materials/", {"kind": "video"}).json()["results"]]
    assert names == ["Knots"]
    raider = login(tenant_a.user(R.RAIDER))
    assert raider.get("/api/resources/materials/").json()["count"] == 2
    refused = raider.post(
        "/api/resources/materials/",
        {"workspace": ws, "title": "x", "kind": "link", "url": "https://example.com"},
        content_type=JSON,
    )
    assert refused.status_code == 403 and Material.objects.count() == 2


def test_enrol_and_complete_through_the_api_writes_the_training_record(tenant_a, login):
    person = crew_record(tenant_a)
    gladys = login(tenant_a.user(R.GLADIATOR))
    response = gladys.post(
        "/api/resources/courses/",
        {"workspace": tenant_a.workspace.pk, "title": "Height", "training_course": make_training(tenant_a).pk},
        content_type=JSON,
    )
    assert response.status_code == 201
    course = Course.objects.get(pk=response.json()["id"])
    lesson = gladys.post("/api/resources/lessons/", {"course": course.pk, "title": "Harness"}, content_type=JSON)
    assert lesson.status_code == 201 and lesson.json()["position"] == 1

    riley = login(tenant_a.user(R.RAIDER))
    refused = riley.post("/api/resources/lessons/", {"course": course.pk, "title": "x"}, content_type=JSON)
    assert refused.status_code == 403, refused.json()
    enrolled = riley.post("/api/resources/enrolments/", {"course": course.pk}, content_type=JSON)
    assert enrolled.status_code == 201
    again = riley.post("/api/resources/enrolments/", {"course": course.pk}, content_type=JSON)
    assert again.status_code == 409
    pk = enrolled.json()["id"]
    done = riley.post(
        f"/api/resources/enrolments/{pk}/complete-lesson/", {"lesson": lesson.json()["id"]}, content_type=JSON
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "completed" and done.json()["progress"] == 100
    assert TrainingRecord.objects.get(person=person).result == "passed"


def test_another_organization_sees_nothing_through_the_api(tenant_a, tenant_b, login):
    material = make_material(tenant_a)
    course = make_course(tenant_a)
    enrolment = Enrolment.objects.create(course=course, user=tenant_a.user(R.RAIDER))
    client = login(tenant_b.user(R.GLADIATOR))
    for url in (
        f"/api/resources/materials/{material.pk}/",
        f"/api/resources/courses/{course.pk}/",
        f"/api/resources/lessons/{course.lessons.first().pk}/",
        f"/api/resources/enrolments/{enrolment.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in ("materials", "courses", "lessons", "enrolments"):
        assert client.get(f"/api/resources/{url}/").json()["count"] == 0, url
    assert (
        client.patch(f"/api/resources/materials/{material.pk}/", {"title": "x"}, content_type=JSON).status_code == 404
    )
    assert client.post("/api/resources/enrolments/", {"course": course.pk}, content_type=JSON).status_code == 400
    material.refresh_from_db()
    assert material.title == "Rigging basics" and Enrolment.objects.count() == 1
