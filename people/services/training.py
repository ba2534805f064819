"""Training: courses, sessions, enrolment (up to the session's capacity) and results.

A pass of a course that names a certificate type writes that certificate on the person's crew record
(valid from the session for the course's months), through the same `add_certification` as the person
page; the assignment check then honours it like any other certificate."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity

from ..errors import PeopleInvalid
from ..models import CertificationKind, Person, TrainingCourse, TrainingRecord, TrainingResult, TrainingSession
from ._common import require
from .crew import add_certification

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace


def create_course(
    workspace: Workspace,
    *,
    actor: User,
    name: str,
    description: str = "",
    certification_kind: str = "",
    validity_months: int | None = None,
) -> TrainingCourse:
    require(actor, "people.add_trainingcourse", workspace, _("Your role does not create courses in this workspace."))
    if not (name or "").strip():
        raise PeopleInvalid(_("A course needs a name."))
    if certification_kind and certification_kind not in CertificationKind.values:
        raise PeopleInvalid(_("Unknown certificate type “%(kind)s”.") % {"kind": certification_kind})
    if validity_months is not None and not certification_kind:
        raise PeopleInvalid(_("A validity needs the certificate the course grants."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                course = TrainingCourse.objects.create(
                    workspace=workspace,
                    name=name.strip(),
                    description=description,
                    certification_kind=certification_kind,
                    validity_months=validity_months,
                )
        except IntegrityError as exc:
            raise PeopleInvalid(_("A course called “%(name)s” already exists here.") % {"name": name}) from exc
        record_activity(course, actor=actor, verb="training_course.created")
    return course


def schedule_session(
    course: TrainingCourse,
    *,
    actor: User,
    date: datetime.date,
    trainer: str,
    capacity: int = 10,
    location: str = "",
) -> TrainingSession:
    require(actor, "people.add_trainingsession", course, _("Your role does not schedule training sessions here."))
    if not (trainer or "").strip():
        raise PeopleInvalid(_("A session needs a trainer."))
    if capacity < 1:
        raise PeopleInvalid(_("A session takes at least one person."))
    with transaction.atomic():
        session = TrainingSession.objects.create(
            workspace_id=course.workspace_id,
            course=course,
            date=date,
            trainer=trainer.strip(),
            capacity=capacity,
            location=location,
        )
        record_activity(session, actor=actor, verb="training_session.created", data={"course": course.pk})
    return session


def enroll(session: TrainingSession, *, actor: User, person: Person) -> TrainingRecord:
    """Put a person on a session's list; a full session refuses."""
    require(actor, "people.add_trainingrecord", person, _("You may not enrol this person in training."))
    if person.workspace_id != session.workspace_id:
        raise PeopleInvalid(_("That person belongs to another workspace."))
    with transaction.atomic():
        # Lock the session so two enrolments at once cannot both take the last place.
        locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if locked.records.count() >= locked.capacity:
            raise PeopleInvalid(_("This session is full (%(capacity)s places).") % {"capacity": locked.capacity})
        try:
            with transaction.atomic():
                record = TrainingRecord.objects.create(
                    workspace_id=session.workspace_id, session=session, person=person, recorded_by=actor
                )
        except IntegrityError as exc:
            raise PeopleInvalid(_("%(name)s is already on this session.") % {"name": person.full_name}) from exc
        record_activity(record, actor=actor, verb="training.enrolled", data={"person": person.pk})
    return record


def record_result(record: TrainingRecord, *, actor: User, result: str) -> TrainingRecord:
    """Passed or failed, once. A pass of a course that grants a certificate writes it on the crew record."""
    require(actor, "people.change_trainingrecord", record, _("You may not record training results here."))
    if result not in (TrainingResult.PASSED, TrainingResult.FAILED):
        raise PeopleInvalid(_("A result is passed or failed."))
    with transaction.atomic():
        locked = (
            TrainingRecord.objects.select_for_update(of=("self",))
            .select_related("session__course", "person__workspace")
            .get(pk=record.pk)
        )
        if locked.result != TrainingResult.ENROLLED:
            raise PeopleInvalid(
                _("This training result is already recorded (%(result)s).") % {"result": locked.get_result_display()}
            )
        session, course = locked.session, locked.session.course
        locked.result = result
        if result == TrainingResult.PASSED and course.certification_kind:
            if course.validity_months:
                locked.expires_on = session.date + relativedelta(months=course.validity_months)
            locked.certification = add_certification(
                locked.person,
                actor=actor,
                kind=course.certification_kind,
                name=course.name,
                issuer=session.trainer,
                issued_on=session.date,
                expires_on=locked.expires_on,
                notes=_("Granted by passing the training of %(date)s.") % {"date": session.date.isoformat()},
            )
        locked.recorded_by = actor
        locked.save(update_fields=["result", "expires_on", "certification", "recorded_by"])
        record_activity(locked, actor=actor, verb=f"training.{result}", data={"person": locked.person_id})
    return locked
