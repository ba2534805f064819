"""Crew records, teams, positions and certificates."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity

from ..errors import PeopleInvalid
from ..models import Certification, CertificationKind, Person, Position, Team
from ._common import require

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from dragonfly.tenancy.models import Workspace

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "job_title",
    "email",
    "phone",
    "department",
    "team",
    "skills",
    "day_rate",
    "currency",
    "emergency_contact_name",
    "emergency_contact_phone",
    "notes",
    "active",
    "user",
)
TEAM_FIELDS = ("name", "department", "lead", "description")


# --- crew records and teams ---------------------------------------------------------------------
def create_person(workspace: Workspace, *, actor: User, **fields: Any) -> Person:
    require(actor, "people.add_person", workspace, _("Your role does not add crew in this workspace."))
    data = _clean_person_fields(workspace, fields)
    data.setdefault("currency", workspace.organization.currency)
    with transaction.atomic():
        try:
            with transaction.atomic():
                person = Person.objects.create(workspace=workspace, **data)
        except IntegrityError as exc:
            raise PeopleInvalid(_("That login already has a crew record in this workspace.")) from exc
        record_activity(person, actor=actor, verb="person.created")
    return person


def update_person(person: Person, *, actor: User, **fields: Any) -> Person:
    require(actor, "people.change_person", person, _("You may not edit this crew record."))
    data = _clean_person_fields(person.workspace, fields)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changed = [k for k, v in data.items() if getattr(person, k) != v]
        for key, value in data.items():
            setattr(person, key, value)
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError as exc:
            raise PeopleInvalid(_("That login already has a crew record in this workspace.")) from exc
        record_activity(person, actor=actor, verb="person.edited", data={"changed": changed})
    return person


def _clean_person_fields(workspace, fields):
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    data = dict(fields)
    if not (data.get("first_name") or "").strip() and "first_name" in data:
        raise PeopleInvalid(_("A crew record needs a first name."))
    team = data.get("team")
    if team is not None and team.workspace_id != workspace.pk:
        raise PeopleInvalid(_("That team belongs to another workspace."))
    if data.get("day_rate") is not None and data["day_rate"] < 0:
        raise PeopleInvalid(_("A day rate cannot be negative."))
    return data


def create_team(workspace: Workspace, *, actor: User, **fields: Any) -> Team:
    require(actor, "people.add_team", workspace, _("Your role does not create teams in this workspace."))
    data = _clean_team_fields(workspace, fields)
    with transaction.atomic():
        try:
            with transaction.atomic():
                team = Team.objects.create(workspace=workspace, **data)
        except IntegrityError as exc:
            raise PeopleInvalid(
                _("A team called “%(name)s” already exists here.") % {"name": data.get("name")}
            ) from exc
        record_activity(team, actor=actor, verb="team.created")
    return team


def update_team(team: Team, *, actor: User, **fields: Any) -> Team:
    require(actor, "people.change_team", team, _("You may not edit this team."))
    data = _clean_team_fields(team.workspace, fields)
    with transaction.atomic():
        team = Team.objects.select_for_update().get(pk=team.pk)
        for key, value in data.items():
            setattr(team, key, value)
        try:
            with transaction.atomic():
                team.save()
        except IntegrityError as exc:
            raise PeopleInvalid(
                _("A team called “%(team_name)s” already exists here.") % {"team_name": team.name}
            ) from exc
        record_activity(team, actor=actor, verb="team.edited")
    return team


def _clean_team_fields(workspace, fields):
    unknown = set(fields) - set(TEAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown team fields: {sorted(unknown)}")
    lead = fields.get("lead")
    if lead is not None and lead.workspace_id != workspace.pk:
        raise PeopleInvalid(_("The lead must be a crew member of this workspace."))
    if "name" in fields and not (fields["name"] or "").strip():
        raise PeopleInvalid(_("A team needs a name."))
    return dict(fields)


def create_position(
    workspace: Workspace,
    *,
    actor: User,
    name: str,
    department: str = "",
    required_certifications: Iterable[str] = (),
    notes: str = "",
) -> Position:
    """A job on a show; `required_certifications` are certificate types (CertificationKind values)."""
    require(actor, "people.add_position", workspace, _("Your role does not create positions in this workspace."))
    required = list(dict.fromkeys(required_certifications))
    unknown = [k for k in required if k not in CertificationKind.values]
    if unknown:
        raise PeopleInvalid(_("Unknown certificate type(s): %(unknown)s.") % {"unknown": ", ".join(unknown)})
    if not (name or "").strip():
        raise PeopleInvalid(_("A position needs a name."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                position = Position.objects.create(
                    workspace=workspace,
                    name=name.strip(),
                    department=department,
                    required_certifications=required,
                    notes=notes,
                )
        except IntegrityError as exc:
            raise PeopleInvalid(_("A position called “%(name)s” already exists here.") % {"name": name}) from exc
        record_activity(position, actor=actor, verb="position.created", data={"requires": required})
    return position


# --- certifications ----------------------------------------------------------------------------
def add_certification(
    person: Person,
    *,
    actor: User,
    kind: str,
    name: str = "",
    issuer: str = "",
    number: str = "",
    issued_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
    document: UploadedFile | None = None,
    notes: str = "",
) -> Certification:
    """Record a certificate; `document` (an upload) goes to the private documents bucket."""
    require(actor, "people.add_certification", person, _("You may not add certificates for this person."))
    if kind not in CertificationKind.values:
        raise PeopleInvalid(_("Unknown certificate type “%(kind)s”.") % {"kind": kind})
    if issued_on and expires_on and expires_on < issued_on:
        raise PeopleInvalid(_("A certificate cannot expire before it was issued."))
    from dragonfly.files.services import store_upload

    with transaction.atomic():
        cert = Certification.objects.create(
            workspace_id=person.workspace_id,
            person=person,
            kind=kind,
            name=name,
            issuer=issuer,
            number=number,
            issued_on=issued_on,
            expires_on=expires_on,
            notes=notes,
        )
        if document is not None:
            cert.document = store_upload(
                document, bucket="documents", actor=actor, workspace=person.workspace, attach_to=cert
            )
            cert.save(update_fields=["document"])
        record_activity(
            cert,
            actor=actor,
            verb="certification.added",
            data={"person": person.pk, "kind": kind, "expires_on": expires_on},
        )
    return cert


def remove_certification(cert: Certification, *, actor: User) -> None:
    require(actor, "people.delete_certification", cert, _("You may not remove this certificate."))
    with transaction.atomic():
        record_activity(cert, actor=actor, verb="certification.removed", data={"person": cert.person_id})
        cert.delete()
