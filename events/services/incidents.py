"""Incidents at events: reported by the crew on site, investigated and resolved by the office.

Reporting publishes `incident.reported`, raising one to critical `incident.escalated`; status
moves go through the core engine (Incident.workflow) and publish `incident.moved`. A critical
incident notifies the production manager at once (events.notifications hears the events after
the commit), whether it was reported critical or raised to critical later."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.inputs import only_fields
from dragonfly.core.workflow import transition
from dragonfly.files.services import UploadRefused, store_upload

from ..errors import EventInvalid
from ..models import Incident, IncidentCategory, IncidentStatus, Severity
from ._common import aware, check_choice, clean_text, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import QuerySet

    from dragonfly.files.models import Attachment

    from ..models import Event

INCIDENT_FIELDS = ("title", "description", "occurred_at", "severity", "category", "people_involved", "actions_taken")
ATTACHMENT_BUCKET = "event-assets"
MAX_ATTACHMENTS = 10


def report_incident(
    event: Event,
    *,
    actor: User,
    title: str,
    description: str,
    severity: str = Severity.LOW,
    category: str = IncidentCategory.OTHER,
    occurred_at: datetime.datetime | None = None,
    people_involved: str = "",
    actions_taken: str = "",
    attachments: Sequence[UploadedFile] = (),
) -> Incident:
    require(actor, "events.add_incident", event, _("Your role does not report incidents on this event."))
    if len(attachments) > MAX_ATTACHMENTS:
        raise EventInvalid(_("Attach at most %(limit)s files to a report.") % {"limit": MAX_ATTACHMENTS})
    if occurred_at is None:
        _now_must_fit(event)
    incident = Incident(event=event, reported_by=actor, occurred_at=occurred_at or timezone.now())
    _apply(
        incident,
        {
            "title": title,
            "description": description,
            "severity": severity,
            "category": category,
            "occurred_at": occurred_at or incident.occurred_at,
            "people_involved": people_involved,
            "actions_taken": actions_taken,
        },
    )
    with transaction.atomic():
        incident.save()
        for upload in attachments:
            _store(incident, upload, actor)
        data = {"severity": incident.severity}
        entry = record_activity(
            incident,
            actor=actor,
            verb="incident.reported",
            workspace=event.workspace,
            to_state=incident.status,
            data=data,
        )
        publish("incident.reported", incident, actor=actor, workspace=event.workspace, entry=entry, data=data)
    return incident


def update_incident(incident: Incident, *, actor: User, **changes: Any) -> Incident:
    require(actor, "events.change_incident", incident, _("You may not edit this incident."))
    only_fields(changes, INCIDENT_FIELDS, EventInvalid)
    with transaction.atomic():
        locked = Incident.objects.select_for_update(of=("self",)).select_related("event__workspace").get(pk=incident.pk)
        was = locked.severity
        _apply(locked, changes)
        locked.save()
        entry = record_activity(
            locked,
            actor=actor,
            verb="incident.edited",
            workspace=locked.event.workspace,
            data={"fields": sorted(changes), "severity": locked.severity},
        )
        if locked.severity == Severity.CRITICAL and was != Severity.CRITICAL:
            entry.verb = "incident.escalated"
            entry.save(update_fields=["verb"])
            publish(
                "incident.escalated",
                locked,
                actor=actor,
                workspace=locked.event.workspace,
                entry=entry,
                data={"severity": locked.severity},
            )
    return locked


def move_incident(incident: Incident, *, actor: User, to_status: str, note: str = "") -> Incident:
    """Investigate, resolve or reopen an incident (INCIDENT_TRANSITIONS); resolving needs what was done."""
    require(actor, "events.change_incident", incident, _("You may not update this incident."))
    try:
        to_status = IncidentStatus(to_status)
    except ValueError:
        raise EventInvalid(_("“%(to_status)s” is not an incident status.") % {"to_status": to_status}) from None
    note = clean_text(note, _("note"), max_length=4000)
    resolving = to_status == IncidentStatus.RESOLVED

    def settle(locked: Incident) -> None:
        if resolving and not (note or locked.actions_taken):
            raise EventInvalid(_("Say what was done before resolving the incident."))
        locked.resolved_at = timezone.now() if resolving else None
        if note and resolving:
            locked.actions_taken = "\n".join(filter(None, [locked.actions_taken, note]))

    return transition(
        incident,
        to_status,
        actor=actor,
        verb="incident.moved",
        note=note,
        fields=["resolved_at", "actions_taken"],
        prepare=settle,
        related=("event__workspace",),
    ).obj


def attach_to_incident(incident: Incident, *, actor: User, upload: UploadedFile) -> Attachment:
    """Photos and reports: the office, or the person who reported it."""
    own = incident.reported_by_id == actor.pk and actor.has_perm("events.add_incident", incident.event)
    if not (own or actor.has_perm("events.change_incident", incident)):
        raise PermissionDenied(_("You may not add files to this incident."))
    with transaction.atomic():
        attachment = _store(incident, upload, actor)
        record_activity(
            incident,
            actor=actor,
            verb="incident.file_added",
            workspace=incident.event.workspace,
            data={"file": attachment.original_name},
        )
    return attachment


def incident_files(incident: Incident) -> QuerySet[Attachment]:
    from django.contrib.contenttypes.models import ContentType

    from dragonfly.files.models import Attachment

    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Incident), object_id=str(incident.pk)
    ).order_by("created_at")


def _store(incident: Incident, upload: UploadedFile, actor: User) -> Attachment:
    try:
        return store_upload(
            upload, bucket=ATTACHMENT_BUCKET, actor=actor, workspace=incident.event.workspace, attach_to=incident
        )
    except UploadRefused as exc:
        raise EventInvalid(" ".join(exc.messages)) from None


def _now_must_fit(event: Event) -> None:
    """An incident reported without a time happened now: that fits a show from the day before it
    (load-in) on, not one weeks ahead, where "now" would be a wrong time on the record."""
    today = timezone.localdate(timezone=event.tz)
    first_day = timezone.localtime(event.starts_at, event.tz).date()
    if today < first_day - datetime.timedelta(days=1):
        raise EventInvalid(
            _("%(event_title)s starts on %(first_day)s: say when the incident happened.")
            % {"event_title": event.title, "first_day": date_format(first_day, "j M Y")}
        )


def _apply(incident: Incident, fields: Mapping[str, Any]) -> None:
    if "title" in fields:
        incident.title = clean_text(fields["title"], _("incident's title"), max_length=200, required=True)
    if "description" in fields:
        incident.description = clean_text(fields["description"], _("description"), max_length=20000, required=True)
    if "severity" in fields:
        incident.severity = check_choice(fields["severity"], Severity, "severity")
    if "category" in fields:
        incident.category = check_choice(fields["category"], IncidentCategory, "category")
    if "occurred_at" in fields and fields["occurred_at"] is not None:
        occurred = aware(fields["occurred_at"], _("time it happened"))
        if occurred > timezone.now() + datetime.timedelta(minutes=5):
            raise EventInvalid(_("An incident cannot happen in the future."))
        incident.occurred_at = occurred
    for name, label in (("people_involved", _("people involved")), ("actions_taken", _("actions taken"))):
        if name in fields:
            setattr(incident, name, clean_text(fields[name], label, max_length=10000))
