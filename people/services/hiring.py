"""Hiring: open positions, applicants (with their CV and certificates), the pipeline, interview notes.

A stage move goes through the transition engine (`Application.workflow` says who may make it);
hiring makes the applicant a crew record through `create_person` and copies the certificates
recorded on the application onto it through `add_certification`, in the same transaction."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.workflow import transition

from ..errors import PeopleInvalid
from ..models import (
    Application,
    ApplicationCertificate,
    ApplicationStatus,
    CertificationKind,
    InterviewNote,
    Opening,
)
from ._common import require
from .crew import add_certification, create_person

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from dragonfly.tenancy.models import Workspace
    from productions.models import Production


def create_opening(
    workspace: Workspace,
    *,
    actor: User,
    title: str,
    production: Production | None = None,
    department: str = "",
    description: str = "",
) -> Opening:
    require(actor, "people.add_opening", workspace, _("Your role does not open positions in this workspace."))
    if not (title or "").strip():
        raise PeopleInvalid(_("An open position needs a title."))
    if production is not None and production.workspace_id != workspace.pk:
        raise PeopleInvalid(_("That production belongs to another workspace."))
    with transaction.atomic():
        opening = Opening.objects.create(
            workspace=workspace,
            production=production,
            title=title.strip(),
            department=department,
            description=description,
            created_by=actor,
        )
        record_activity(opening, actor=actor, verb="opening.created")
    return opening


def close_opening(opening: Opening, *, actor: User) -> Opening:
    """Stop taking applicants; the pipeline of those already in it goes on."""
    require(actor, "people.change_opening", opening, _("You may not change this open position."))
    if not opening.is_open:
        raise PeopleInvalid(_("This position is already closed."))
    with transaction.atomic():
        opening.is_open = False
        opening.save(update_fields=["is_open"])
        record_activity(opening, actor=actor, verb="opening.closed")
    return opening


def add_applicant(
    opening: Opening,
    *,
    actor: User,
    first_name: str,
    last_name: str = "",
    email: str = "",
    phone: str = "",
    notes: str = "",
    cv: UploadedFile | None = None,
) -> Application:
    """Record an applicant in the first stage; the CV goes to the private documents bucket."""
    require(actor, "people.add_application", opening, _("You may not record applicants for this position."))
    if not opening.is_open:
        raise PeopleInvalid(_("This position is closed; it takes no more applicants."))
    if not (first_name or "").strip():
        raise PeopleInvalid(_("An applicant needs a first name."))
    from dragonfly.files.services import store_upload

    with transaction.atomic():
        application = Application.objects.create(
            workspace_id=opening.workspace_id,
            opening=opening,
            first_name=first_name.strip(),
            last_name=last_name,
            email=email,
            phone=phone,
            notes=notes,
        )
        if cv is not None:
            application.cv = store_upload(
                cv, bucket="documents", actor=actor, workspace=opening.workspace, attach_to=application
            )
            application.save(update_fields=["cv"])
        record_activity(application, actor=actor, verb="application.created", data={"opening": opening.pk})
    return application


def add_applicant_certificate(
    application: Application,
    *,
    actor: User,
    kind: str,
    name: str = "",
    issuer: str = "",
    expires_on: datetime.date | None = None,
) -> ApplicationCertificate:
    require(
        actor,
        "people.add_applicationcertificate",
        application,
        _("You may not record certificates on this application."),
    )
    if kind not in CertificationKind.values:
        raise PeopleInvalid(_("Unknown certificate type “%(kind)s”.") % {"kind": kind})
    if application.status in (ApplicationStatus.HIRED, ApplicationStatus.DECLINED):
        raise PeopleInvalid(_("This application is closed; record the certificate on the crew record."))
    with transaction.atomic():
        cert = ApplicationCertificate.objects.create(
            workspace_id=application.workspace_id,
            application=application,
            kind=kind,
            name=name,
            issuer=issuer,
            expires_on=expires_on,
        )
        record_activity(application, actor=actor, verb="application.certificate_added", data={"kind": kind})
    return cert


def add_interview_note(application: Application, *, actor: User, body: str, rating: int | None = None) -> InterviewNote:
    require(actor, "people.add_interviewnote", application, _("You may not add interview notes here."))
    if not (body or "").strip():
        raise PeopleInvalid(_("An interview note needs some text."))
    if rating is not None and not 1 <= rating <= 5:
        raise PeopleInvalid(_("A rating is from 1 to 5."))
    with transaction.atomic():
        note = InterviewNote.objects.create(
            workspace_id=application.workspace_id, application=application, author=actor, body=body, rating=rating
        )
        record_activity(application, actor=actor, verb="application.noted")
    return note


def move_application(application: Application, *, actor: User, to_status: str, note: str = "") -> Application:
    """Move an applicant to the next stage (or decline them); hiring makes them a crew record."""
    if to_status not in ApplicationStatus.values:
        raise PeopleInvalid(_("Unknown stage “%(stage)s”.") % {"stage": to_status})
    prepare = _hire(actor) if to_status == ApplicationStatus.HIRED else None
    fields = ["person"] if prepare else []
    transition(application, to_status, actor=actor, note=note, fields=fields, prepare=prepare, related=["opening"])
    return application


def _hire(actor):
    def make_crew(locked: Application) -> None:
        opening = locked.opening
        person = create_person(
            opening.workspace,
            actor=actor,
            first_name=locked.first_name,
            last_name=locked.last_name,
            email=locked.email,
            phone=locked.phone,
            job_title=opening.title,
            department=opening.department,
        )
        for cert in ApplicationCertificate.objects.filter(application=locked).order_by("id"):
            add_certification(
                person,
                actor=actor,
                kind=cert.kind,
                name=cert.name,
                issuer=cert.issuer,
                expires_on=cert.expires_on,
                notes=_("Recorded on the application for %(title)s.") % {"title": opening.title},
            )
        locked.person = person

    return make_crew
