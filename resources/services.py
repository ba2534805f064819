"""Every write of the resources module: materials, courses and their lessons, enrolments and progress.

Object first, `actor=` keyword, one transaction, an activity entry in it. A material's file goes
through dragonfly.files (the documents bucket); completing a course that names a training course of
the people module writes the learner's pass there through people's own training services."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.activity.services import record_activity
from dragonfly.core.events import is_quiet
from dragonfly.files.services import store_upload
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import local_today, require
from people.models import Person, TrainingCourse, TrainingRecord, TrainingSession
from people.services import training

from .errors import EnrolmentConflict, ResourceInvalid
from .models import (
    Category,
    Course,
    Enrolment,
    EnrolmentStatus,
    Lesson,
    LessonCompletion,
    Material,
    MaterialKind,
    clean_tags,
    web_url,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

log = logging.getLogger(__name__)
MATERIAL_FIELDS = ["title", "description", "kind", "category", "tags", "url", "is_public"]
COURSE_FIELDS = ["title", "summary", "category", "is_public", "training_course"]
LESSON_FIELDS = ["title", "body", "material"]
COMPLETED_KIND = "resources.course_completed"


# --- materials ------------------------------------------------------------------------------------
def _check_material(material: Material, has_file: bool) -> None:
    if not (material.title or "").strip():
        raise ResourceInvalid(_("A material needs a title."))
    if material.kind not in MaterialKind.values:
        raise ResourceInvalid(_("Unknown kind of material “%(kind)s”.") % {"kind": material.kind})
    if material.category not in Category.values:
        raise ResourceInvalid(_("Unknown category “%(category)s”.") % {"category": material.category})
    if material.kind == MaterialKind.DOCUMENT:
        if not has_file:
            raise ResourceInvalid(_("A document needs its file."))
        material.url = ""
    else:
        if not material.url:
            raise ResourceInvalid(_("A video or a link needs its web address."))
        try:
            web_url(material.url)
        except ValidationError as exc:
            raise ResourceInvalid(" ".join(exc.messages)) from None
    material.title = material.title.strip()
    material.tags = clean_tags(material.tags)


def create_material(workspace: Workspace, *, actor: User, title: str, upload: Any = None, **fields: Any) -> Material:
    """A document (with `upload`, stored in the documents bucket), a video or a link (with `url`)."""
    require(actor, "resources.add_material", workspace, _("Your role does not add learning materials here."))
    material = Material(workspace=workspace, title=title, created_by=actor, **fields)
    _check_material(material, has_file=upload is not None)
    with transaction.atomic():
        material.save()
        if upload is not None:
            material.document = store_upload(
                upload, bucket="documents", actor=actor, workspace=workspace, attach_to=material
            ).document
            material.save(update_fields=["document"])
        record_activity(material, actor=actor, verb="material.created")
    return material


def update_material(material: Material, *, actor: User, upload: Any = None, **fields: Any) -> Material:
    """Change what the form names; a new `upload` replaces the document's file (a new version)."""
    require(actor, "resources.change_material", material, _("Your role does not change this material."))
    for name, value in fields.items():
        if name in MATERIAL_FIELDS:
            setattr(material, name, value)
    _check_material(material, has_file=upload is not None or material.document_id is not None)
    with transaction.atomic():
        if upload is not None:
            material.document = store_upload(
                upload, bucket="documents", actor=actor, workspace=material.workspace, attach_to=material
            ).document
        material.save()
        record_activity(material, actor=actor, verb="material.changed", data={"fields": sorted(fields)})
    return material


def delete_material(material: Material, *, actor: User) -> None:
    require(actor, "resources.delete_material", material, _("Your role does not remove this material."))
    with transaction.atomic():
        record_activity(material, actor=actor, verb="material.deleted", data={"title": material.title})
        material.delete()


# --- courses and lessons --------------------------------------------------------------------------
def _check_course(course: Course, actor: User) -> None:
    if not (course.title or "").strip():
        raise ResourceInvalid(_("A course needs a title."))
    if course.category not in Category.values:
        raise ResourceInvalid(_("Unknown category “%(category)s”.") % {"category": course.category})
    course.title = course.title.strip()
    training_course: TrainingCourse | None = course.training_course
    if training_course is not None:
        if training_course.workspace_id != course.workspace_id:
            raise ResourceInvalid(_("The training must belong to the course's workspace."))
        # Completing the course records the pass in the name of whoever set it up: they must be able to.
        if not actor.has_perm("people.change_trainingrecord", training_course):
            raise PermissionDenied(_("Your role does not record training results here."))


def create_course(workspace: Workspace, *, actor: User, title: str, **fields: Any) -> Course:
    require(actor, "resources.add_course", workspace, _("Your role does not create courses here."))
    course = Course(workspace=workspace, title=title, created_by=actor, **fields)
    _check_course(course, actor)
    with transaction.atomic():
        course.save()
        record_activity(course, actor=actor, verb="course.created")
    return course


def update_course(course: Course, *, actor: User, **fields: Any) -> Course:
    require(actor, "resources.change_course", course, _("Your role does not change this course."))
    for name, value in fields.items():
        if name in COURSE_FIELDS:
            setattr(course, name, value)
    _check_course(course, actor)
    with transaction.atomic():
        course.save()
        record_activity(course, actor=actor, verb="course.changed", data={"fields": sorted(fields)})
    return course


def add_lesson(course: Course, *, actor: User, title: str, body: str = "", material: Material | None = None) -> Lesson:
    """A lesson at the end of the course; the learners still on it have one more to do."""
    require(actor, "resources.change_course", course, _("Your role does not change this course."))
    if not (title or "").strip():
        raise ResourceInvalid(_("A lesson needs a title."))
    if material is not None and material.workspace_id != course.workspace_id and not material.is_public:
        raise ResourceInvalid(_("A lesson points at a material of its course's workspace or a public one."))
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)  # two lessons at once get two places
        last = locked.lessons.aggregate(last=Max("position"))["last"] or 0
        lesson = Lesson.objects.create(
            course=locked, position=last + 1, title=title.strip(), body=body, material=material
        )
        for enrolment in locked.enrolments.filter(status=EnrolmentStatus.ACTIVE):
            _refresh_progress(enrolment)
        record_activity(lesson, actor=actor, workspace=course.workspace, verb="lesson.created")
    return lesson


# --- enrolment and progress -----------------------------------------------------------------------
def enrol(course: Course, *, actor: User) -> Enrolment:
    """The actor enrols themself on a course they may read (their workspace's, or a public one)."""
    if not Course.objects.visible_to(actor).filter(pk=course.pk).exists():
        raise PermissionDenied(_("You may not enrol on this course."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(course=course, user=actor)
        except IntegrityError as exc:
            raise EnrolmentConflict(_("You are already enrolled on this course.")) from exc
        record_activity(enrolment, actor=actor, workspace=course.workspace, verb="course.enrolled")
    return enrolment


def _refresh_progress(enrolment: Enrolment) -> int:
    total = Lesson.objects.filter(course_id=enrolment.course_id).count()
    done = enrolment.completions.count()
    enrolment.progress = 100 if total and done >= total else (done * 100 // total if total else 0)
    enrolment.save(update_fields=["progress"])
    return total - done


def complete_lesson(enrolment: Enrolment, *, actor: User, lesson: Lesson) -> Enrolment:
    """The learner marks a lesson done; the last one left completes the enrolment (and, when the course
    names a training, writes the learner's pass of it on their crew record)."""
    if enrolment.user_id != actor.pk:
        raise PermissionDenied(_("Only the learner marks their lessons done."))
    if lesson.course_id != enrolment.course_id:
        raise ResourceInvalid(_("That lesson is not part of this course."))
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().select_related("course__workspace").get(pk=enrolment.pk)
        if locked.status == EnrolmentStatus.COMPLETED:
            raise EnrolmentConflict(_("This course is already completed."))
        __, created = LessonCompletion.objects.get_or_create(enrolment=locked, lesson=lesson)
        if not created:
            raise EnrolmentConflict(_("You already completed “%(lesson)s”.") % {"lesson": lesson.title})
        left = _refresh_progress(locked)
        record_activity(
            locked, actor=actor, workspace=locked.course.workspace, verb="lesson.completed", data={"lesson": lesson.pk}
        )
        if left <= 0:
            _complete(locked, actor)
    return locked


def _complete(enrolment: Enrolment, actor: User) -> None:
    course = enrolment.course
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_at = timezone.now()
    enrolment.training_record = _training_pass(enrolment, course)
    enrolment.save(update_fields=["status", "completed_at", "training_record"])
    record_activity(enrolment, actor=actor, workspace=course.workspace, verb="course.completed")
    if not is_quiet():
        notify(
            [enrolment.user],
            kind=COMPLETED_KIND,
            title=lambda: _("You completed “%(course)s”") % {"course": course.title},
            body=gettext_lazy("Your training record has it too.") if enrolment.training_record_id else "",
            url=f"/resources/course/{course.pk}/",
            workspace=course.workspace,
            dedupe_key=f"resources:enrolment:{enrolment.pk}:completed",
        )


def _training_pass(enrolment: Enrolment, course: Course) -> TrainingRecord | None:
    """The learner's pass of the course's training, through people's services, in the name of the
    course's author (who may record training results: checked when the course named it). A learner
    without a crew record in that workspace, or an author who lost the power, gets none."""
    training_course = course.training_course
    author = course.created_by
    if training_course is None or author is None:
        return None
    person = Person.objects.filter(workspace_id=training_course.workspace_id, user_id=enrolment.user_id).first()
    if person is None:
        return None
    today = local_today(course)
    trainer = (_("Online course: %(title)s") % {"title": course.title})[:160]
    try:
        session = TrainingSession.objects.filter(course=training_course, date=today, trainer=trainer).first()
        if session is None or session.records.count() >= session.capacity:
            session = training.schedule_session(
                training_course, actor=author, date=today, trainer=trainer, capacity=500
            )
        record = training.enroll(session, actor=author, person=person)
        return training.record_result(record, actor=author, result="passed")
    except PermissionDenied:
        log.warning("course %s completed without a training record: its author may not record one", course.pk)
        return None
