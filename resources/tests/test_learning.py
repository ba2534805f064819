"""A crew member works through a course: enrolment, lessons done in any order, progress, and the last
lesson completing the course and writing their pass of the training it counts as."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from people.models import Certification, TrainingRecord
from resources import services
from resources.errors import EnrolmentConflict, ResourceInvalid
from resources.models import Enrolment, Material

from .helpers import crew_record, make_course, make_material, make_training

pytestmark = pytest.mark.django_db
R = Role


def test_completing_the_last_lesson_completes_the_course_and_records_the_training(tenant_a):
    person = crew_record(tenant_a)
    riley = tenant_a.user(R.RAIDER)
    course = make_course(tenant_a, lessons=3, training_course=make_training(tenant_a))
    first, second, third = course.lessons.order_by("position")
    assert [lesson.position for lesson in (first, second, third)] == [1, 2, 3]

    enrolment = services.enrol(course, actor=riley)
    with pytest.raises(EnrolmentConflict):
        services.enrol(course, actor=riley)
    enrolment = services.complete_lesson(enrolment, actor=riley, lesson=third)  # any order
    assert (enrolment.status, enrolment.progress) == ("active", 33)
    with pytest.raises(EnrolmentConflict):
        services.complete_lesson(enrolment, actor=riley, lesson=third)
    services.complete_lesson(enrolment, actor=riley, lesson=first)
    enrolment = services.complete_lesson(enrolment, actor=riley, lesson=second)

    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.progress) == ("completed", 100)
    assert enrolment.completed_at is not None
    record = TrainingRecord.objects.get(person=person)
    assert enrolment.training_record == record and record.result == "passed"
    assert record.session.course == course.training_course
    assert Certification.objects.filter(person=person, name=course.training_course.name).exists()
    assert Notification.objects.filter(recipient=riley, kind="resources.course_completed").count() == 1
    with pytest.raises(EnrolmentConflict):
        services.complete_lesson(enrolment, actor=riley, lesson=first)


def test_a_course_without_training_completes_without_a_record(tenant_a):
    crew_record(tenant_a)
    riley = tenant_a.user(R.RAIDER)
    course = make_course(tenant_a, lessons=1)
    enrolment = services.enrol(course, actor=riley)
    services.complete_lesson(enrolment, actor=riley, lesson=course.lessons.get())
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.training_record is None
    assert not TrainingRecord.objects.exists()


def test_a_new_lesson_lowers_the_progress_of_those_still_learning(tenant_a):
    riley = tenant_a.user(R.RAIDER)
    course = make_course(tenant_a, lessons=2)
    enrolment = services.enrol(course, actor=riley)
    services.complete_lesson(enrolment, actor=riley, lesson=course.lessons.first())
    services.add_lesson(course, actor=tenant_a.user(R.GLADIATOR), title="Rescue plan")
    enrolment.refresh_from_db()
    assert enrolment.progress == 33


def test_only_the_learner_marks_their_lessons_and_only_lessons_of_the_course(tenant_a):
    riley = tenant_a.user(R.RAIDER)
    course = make_course(tenant_a, lessons=1)
    other = make_course(tenant_a, "Forklift", lessons=1)
    enrolment = services.enrol(course, actor=riley)
    with pytest.raises(PermissionDenied):
        services.complete_lesson(enrolment, actor=tenant_a.user(R.GLADIATOR), lesson=course.lessons.get())
    with pytest.raises(ResourceInvalid):
        services.complete_lesson(enrolment, actor=riley, lesson=other.lessons.get())
    assert not enrolment.completions.exists()


def test_materials_links_need_a_web_address_and_documents_a_file(tenant_a):
    gladys = tenant_a.user(R.GLADIATOR)
    with pytest.raises(ResourceInvalid, match="http"):
        services.create_material(tenant_a.workspace, actor=gladys, title="Bad", kind="link", url="javascript:alert(1)")
    with pytest.raises(ResourceInvalid):
        services.create_material(tenant_a.workspace, actor=gladys, title="No file", kind="document")
    assert not Material.objects.exists()
    pdf = ContentFile(b"%PDF-1.4\n%rigging\n", name="rigging-handbook.pdf")
    document = services.create_material(
        tenant_a.workspace, actor=gladys, title="Handbook", kind="document", upload=pdf, tags="Rigging, SAFETY,rigging"
    )
    assert document.document is not None and document.url == ""
    assert document.tags == "rigging, safety"
    video = make_material(tenant_a, "Knots", kind="video", url="http://example.com/knots.mp4")
    assert video.kind == "video"


def test_roles_that_may_not_write_are_refused(tenant_a):
    for role in (R.RAIDER, R.DEVIATOR, R.PASSENGER):
        with pytest.raises(PermissionDenied):
            services.create_material(
                tenant_a.workspace, actor=tenant_a.user(role), title="x", kind="link", url="https://example.com"
            )
        with pytest.raises(PermissionDenied):
            services.create_course(tenant_a.workspace, actor=tenant_a.user(role), title="x")
    assert not Material.objects.exists()


def test_a_public_course_is_open_to_another_organization_without_a_training_record(tenant_a, tenant_b):
    outsider = tenant_b.user(R.RAIDER)
    private = make_course(tenant_a, "Private", lessons=1)
    public = make_course(tenant_a, "Open to all", lessons=1, is_public=True, training_course=make_training(tenant_a))
    with pytest.raises(PermissionDenied):
        services.enrol(private, actor=outsider)
    enrolment = services.enrol(public, actor=outsider)
    services.complete_lesson(enrolment, actor=outsider, lesson=public.lessons.get())
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.training_record is None
    assert list(Enrolment.objects.visible_to(tenant_a.user(R.RAIDER))) == []
    assert list(Enrolment.objects.visible_to(outsider)) == [enrolment]
