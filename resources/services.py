"""Every write of the resources module: materials, courses and their lessons, enrolments and progress,
grants and the applications for them (their moves through the workflow engine, their documents).

Object first, `actor=` keyword, one transaction, an activity entry in it. A material's file goes
through dragonfly.files (the documents bucket); completing a course that names a training course of
the people module writes the learner's pass there through people's own training services."""

from __future__ import annotations

import logging
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.activity.services import record_activity
from dragonfly.core.events import is_quiet
from dragonfly.core.workflow import transition
from dragonfly.files.services import store_upload
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import local_today, require
from people.models import Person, TrainingCourse, TrainingRecord, TrainingSession
from people.services import training

from .errors import EnrolmentConflict, GrantInvalid, ResourceInvalid
from .models import (
    ApplicationStatus,
    Category,
    Course,
    Enrolment,
    EnrolmentStatus,
    Grant,
    GrantApplication,
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
GRANT_FIELDS = ["title", "funder", "description", "amount", "currency", "deadline", "eligibility", "url"]
GRANT_FIELDS += ["category", "tags", "is_public", "owner"]
APPLICATION_FIELDS = ["requested_amount", "notes"]
DECIDED_KIND = "resources.grant_decided"


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


# --- grants ---------------------------------------------------------------------------------------
def _amount(value: Any, message: str, *, required: bool) -> Decimal | None:
    if value is None or value == "":
        if required:
            raise GrantInvalid(message)
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise GrantInvalid(message) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise GrantInvalid(message)
    return amount.quantize(Decimal("0.01"))


def _check_grant(grant: Grant) -> None:
    if not (grant.title or "").strip():
        raise GrantInvalid(_("A grant needs a title."))
    if not (grant.funder or "").strip():
        raise GrantInvalid(_("A grant needs its funder."))
    if grant.deadline is None:
        raise GrantInvalid(_("A grant needs its deadline."))
    if grant.category not in Category.values:
        raise GrantInvalid(_("Unknown category “%(category)s”.") % {"category": grant.category})
    grant.amount = _amount(grant.amount, _("The amount is a number of 0 or more."), required=False)
    grant.currency = (grant.currency or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", grant.currency):
        raise GrantInvalid(_("The currency is a three-letter code such as EUR."))
    if grant.url:
        try:
            web_url(grant.url)
        except ValidationError as exc:
            raise GrantInvalid(" ".join(exc.messages)) from None
    owner = grant.owner
    if owner is not None and not owner.has_perm("resources.view_grant", grant.workspace):
        raise GrantInvalid(_("The owner must be someone who reads the workspace's grants."))
    grant.title, grant.funder = grant.title.strip(), grant.funder.strip()
    grant.tags = clean_tags(grant.tags)


def create_grant(workspace: Workspace, *, actor: User, title: str, **fields: Any) -> Grant:
    """A funding opportunity of `workspace`; its owner (default: the actor) hears of its deadline."""
    require(actor, "resources.add_grant", workspace, _("Your role does not add grants here."))
    if fields.get("owner") is None:
        fields["owner"] = actor
    grant = Grant(workspace=workspace, title=title, created_by=actor, **fields)
    _check_grant(grant)
    with transaction.atomic():
        grant.save()
        record_activity(grant, actor=actor, verb="grant.created")
    return grant


def update_grant(grant: Grant, *, actor: User, **fields: Any) -> Grant:
    require(actor, "resources.change_grant", grant, _("Your role does not change this grant."))
    for name, value in fields.items():
        if name in GRANT_FIELDS:
            setattr(grant, name, value)
    _check_grant(grant)
    with transaction.atomic():
        grant.save()
        record_activity(grant, actor=actor, verb="grant.changed", data={"fields": sorted(fields)})
    return grant


def delete_grant(grant: Grant, *, actor: User) -> bool:
    """Delete a grant nobody applied for; one with applications keeps them (and itself): edit or close it."""
    require(actor, "resources.delete_grant", grant, _("Your role does not delete this grant."))
    with transaction.atomic():
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        if GrantApplication.objects.filter(grant=grant).exists():
            raise GrantInvalid(_("People applied for this grant: it can't be deleted, their applications stay."))
        record_activity(grant, actor=actor, verb="grant.deleted", data={"title": grant.title})
        grant.delete()
    return True


def _check_application(application: GrantApplication) -> None:
    application.requested_amount = cast(
        Decimal,
        _amount(application.requested_amount, _("The requested amount is a number of 0 or more."), required=True),
    )
    grant = application.grant
    if grant.amount is not None and application.requested_amount > grant.amount:
        raise GrantInvalid(
            _("The requested amount is more than the grant gives (%(amount)s %(currency)s).")
            % {"amount": grant.amount, "currency": grant.currency}
        )


def _deadline_open(grant: Grant) -> None:
    if grant.deadline < local_today(grant):
        raise GrantInvalid(_("The deadline of “%(title)s” has passed.") % {"title": grant.title})


def apply_for_grant(
    grant: Grant, *, actor: User, requested_amount: Any, notes: str = "", applicant: User | None = None
) -> GrantApplication:
    """A draft application for `grant` in its workspace; the applicant (default: the actor) works on it."""
    require(actor, "resources.add_grantapplication", grant.workspace, _("Your role does not apply for grants here."))
    applicant = applicant or actor
    if applicant != actor and not applicant.has_perm("resources.view_grant", grant.workspace):
        raise GrantInvalid(_("The applicant must be someone who reads the workspace's grants."))
    _deadline_open(grant)
    application = GrantApplication(
        grant=grant,
        workspace=grant.workspace,
        applicant=applicant,
        requested_amount=requested_amount,
        notes=(notes or "").strip(),
    )
    _check_application(application)
    with transaction.atomic():
        application.save()
        record_activity(application, actor=actor, verb="grant_application.created")
    return application


def update_application(application: GrantApplication, *, actor: User, **fields: Any) -> GrantApplication:
    """A draft's requested amount and notes; a submitted application is changed by withdrawing it."""
    require(actor, "resources.change_grantapplication", application, _("Your role does not change this application."))
    if application.status != ApplicationStatus.DRAFT:
        raise GrantInvalid(_("Only a draft application is changed."))
    for name, value in fields.items():
        if name in APPLICATION_FIELDS:
            setattr(application, name, value)
    application.notes = (application.notes or "").strip()
    _check_application(application)
    with transaction.atomic():
        application.save()
        record_activity(application, actor=actor, verb="grant_application.changed", data={"fields": sorted(fields)})
    return application


def attach_application_document(application: GrantApplication, *, actor: User, upload: Any) -> GrantApplication:
    """A document of an open application (a budget, a letter of support), stored in the documents bucket
    as a document linked to the application (its readers are the application's)."""
    require(actor, "resources.change_grantapplication", application, _("Your role does not change this application."))
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise GrantInvalid(_("Documents are added while the application is open."))
    with transaction.atomic():
        attachment = store_upload(
            upload, bucket="documents", actor=actor, workspace=application.workspace, attach_to=application
        )
        record_activity(
            application,
            actor=actor,
            verb="grant_application.document_added",
            data={"document": attachment.document_id, "name": attachment.original_name},
        )
    return application


def move_application(application: GrantApplication, *, actor: User, to_status: str, note: str = "") -> GrantApplication:
    """draft → submitted (before the deadline) → awarded or declined (the funder's answer, Gladiator and
    up); withdrawn from draft or submitted. The applicant hears of the funder's answer."""
    grant = application.grant

    def stamp(locked: GrantApplication) -> None:
        if to_status == ApplicationStatus.SUBMITTED:
            _deadline_open(grant)
            locked.submitted_at = timezone.now()
        elif to_status in (ApplicationStatus.AWARDED, ApplicationStatus.DECLINED):
            locked.decided_at = timezone.now()

    with transaction.atomic():
        moved = transition(
            application,
            to_status,
            actor=actor,
            note=(note or "").strip(),
            fields=["submitted_at", "decided_at"],
            prepare=stamp,
        ).obj
        if to_status in (ApplicationStatus.AWARDED, ApplicationStatus.DECLINED) and moved.applicant_id:
            _tell_decision(moved, grant)
    return moved


def _tell_decision(application: GrantApplication, grant: Grant) -> None:
    awarded = application.status == ApplicationStatus.AWARDED
    notify(
        [application.applicant],
        kind=DECIDED_KIND,
        title=lambda: (
            (
                _("Your application for “%(grant)s” was awarded")
                if awarded
                else _("Your application for “%(grant)s” was declined")
            )
            % {"grant": grant.title}
        ),
        body=lambda: _("Funder: %(funder)s") % {"funder": grant.funder},
        url=application.get_absolute_url(),
        workspace=application.workspace,
        dedupe_key=f"resources:grant_application:{application.pk}:{application.status}",
    )
