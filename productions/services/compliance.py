"""Compliance items: permits, insurance certificates, risk assessments, safety plans.

People record them and attach the document (stored through the files service, in the
private "documents" bucket); the nightly check (check_compliance) moves valid items to
"expiring" and "expired" from their dates and warns the production manager.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.inputs import only_fields
from dragonfly.core.workflow import transition, transition_edit
from dragonfly.files.services import UploadRefused, store_upload

from ..errors import ProductionInvalid
from ..models import (
    EXPIRY_WARNING_DAYS,
    MANUAL_COMPLIANCE_STATUSES,
    ComplianceItem,
    ComplianceKind,
    ComplianceStatus,
)
from ..selectors import local_today
from ._common import check_person, clean_text, delete_from_production, refresh_health_on_commit, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from dragonfly.files.models import Attachment

    from ..models import Production

C = ComplianceStatus
COMPLIANCE_FIELDS = ("kind", "title", "authority", "reference", "required_by", "expires_on", "status", "owner", "notes")
DOCUMENT_BUCKET = "documents"


def create_compliance_item(
    production: Production, *, actor: User, title: str, document: UploadedFile | None = None, **fields: Any
) -> ComplianceItem:
    require(
        actor, "productions.add_complianceitem", production, _("You may not add compliance items to this production.")
    )
    item = ComplianceItem(production=production)
    _apply(item, {"title": title, **fields})
    with transaction.atomic():
        _date_status(item, local_today(production.workspace))
        item.save()
        if document is not None:
            _attach(item, document, actor)
        record_activity(
            item, actor=actor, verb="compliance.created", workspace=production.workspace, to_state=item.status
        )
    refresh_health_on_commit(production)
    return item


def update_compliance_item(
    item: ComplianceItem, *, actor: User, document: UploadedFile | None = None, **changes: Any
) -> ComplianceItem:
    """Edit an item. When the edit changes its status (set by hand, or following a new expiry
    date) the change is a move through the engine (COMPLIANCE_TRANSITIONS), written as one entry."""
    require(actor, "productions.change_complianceitem", item, _("You may not edit this compliance item."))
    only_fields(changes, COMPLIANCE_FIELDS, ProductionInvalid)
    workspace = item.production.workspace
    data = {"fields": sorted(changes) + (["document"] if document is not None else [])}
    with transaction.atomic():
        locked = (
            ComplianceItem.objects.select_for_update(of=("self",))
            .select_related("production__workspace")
            .get(pk=item.pk)
        )
        edited = copy.copy(locked)
        _apply(edited, changes)
        _date_status(edited, local_today(workspace))
        if edited.status == locked.status:
            edited.save()
            locked = edited
            record_activity(locked, actor=actor, verb="compliance.edited", workspace=workspace, data=data)
        else:
            fields = [f for f in changes if f != "status"]
            # The row is locked above; the engine checks the move, saves, records and publishes.
            transition_edit(locked, edited, fields, actor=actor, verb="compliance.edited", data=data)
        if document is not None:
            _attach(locked, document, actor)
    refresh_health_on_commit(item.production)
    return locked


def delete_compliance_item(item: ComplianceItem, *, actor: User) -> None:
    delete_from_production(item, actor=actor, verb="compliance.deleted")


def _attach(item: ComplianceItem, upload: UploadedFile, actor: User) -> Attachment:
    try:
        attachment = store_upload(
            upload, bucket=DOCUMENT_BUCKET, actor=actor, workspace=item.production.workspace, attach_to=item
        )
    except UploadRefused as exc:
        raise ProductionInvalid(" ".join(exc.messages)) from None
    item.document = attachment
    item.save(update_fields=["document", "updated_at"])
    return attachment


def _apply(item: ComplianceItem, fields: Mapping[str, Any]) -> None:
    workspace = item.production.workspace
    if "title" in fields:
        item.title = clean_text(fields["title"], _("item's title"), max_length=200, required=True)
    if "kind" in fields:
        if fields["kind"] not in ComplianceKind.values:
            raise ProductionInvalid(_("Pick a kind from the list."))
        item.kind = fields["kind"]
    for field, label, size in (
        ("authority", _("authority"), 200),
        ("reference", _("reference"), 100),
        ("notes", _("notes"), 10000),
    ):
        if field in fields:
            setattr(item, field, clean_text(fields[field], label, max_length=size))
    for field in ("required_by", "expires_on"):
        if field in fields:
            setattr(item, field, fields[field])
    if "status" in fields:
        status = fields["status"] or C.REQUIRED
        if status not in MANUAL_COMPLIANCE_STATUSES:
            raise ProductionInvalid(_("Pick a status from the list; expiring and expired follow from the dates."))
        item.status = status
    if "owner" in fields:
        check_person(workspace, fields["owner"], _("owner"))
        item.owner = fields["owner"]


def _date_status(item: ComplianceItem, today: datetime.date) -> str:
    """A valid item's status follows its expiry date; a renewed one (new date) is valid again."""
    if item.status not in (C.APPROVED, C.EXPIRING, C.EXPIRED) or item.expires_on is None:
        if item.status in (C.EXPIRING, C.EXPIRED) and item.expires_on is None:
            item.status = C.APPROVED
        return item.status
    if item.expires_on < today:
        item.status = C.EXPIRED
    elif item.expires_on <= today + datetime.timedelta(days=max(EXPIRY_WARNING_DAYS)):
        item.status = C.EXPIRING
    else:
        item.status = C.APPROVED
    return item.status


# --- the nightly check ---------------------------------------------------------------------------
def expiry_stage(item: ComplianceItem, today: datetime.date) -> str | None:
    """ "expired", "7" or "30" (days), or None: which warning an item's expiry date calls for."""
    if item.expires_on is None or item.status not in (C.APPROVED, C.EXPIRING, C.EXPIRED):
        return None
    days = (item.expires_on - today).days
    if days < 0:
        return "expired"
    for window in sorted(EXPIRY_WARNING_DAYS):
        if days <= window:
            return str(window)
    return None


def check_compliance_item(item: ComplianceItem, *, today: datetime.date) -> str | None:
    """Update one item's status from its dates and warn its production manager once per stage.

    Runs inside the nightly task; safe to run twice (the status move is made only when the dates
    call for another status, and each warning's dedupe key names the item, its expiry date and
    the stage). A status change is a move through the engine with no actor; a new warning
    publishes `compliance.expiry_warning`, which productions.notifications delivers."""
    with transaction.atomic():
        locked = (
            ComplianceItem.objects.select_for_update(of=("self",))
            .select_related("production__workspace__organization", "production__production_manager")
            .filter(pk=item.pk)
            .first()
        )
        if locked is None:
            return None
        before = locked.status
        dated = copy.copy(locked)
        _date_status(dated, today)
        stage = expiry_stage(dated, today)
        warning = f"{stage}:{locked.expires_on.isoformat()}" if stage and locked.expires_on else ""
        new_warning = bool(stage) and warning != locked.expiry_warning
        if dated.status == before and not new_warning:
            return stage  # nothing new since the last run
        if dated.status != before:

            def remember_warning(row: ComplianceItem) -> None:
                row.expiry_warning = warning if new_warning else row.expiry_warning

            # The row is locked above; no actor: the dates moved it.
            transition(
                locked,
                dated.status,
                actor=None,
                verb="compliance.status_updated",
                data={"expires_on": locked.expires_on},
                fields=["expiry_warning"],
                prepare=remember_warning,
                lock=False,
            )
        else:
            locked.expiry_warning = warning
            locked.save(update_fields=["expiry_warning", "updated_at"])
        if new_warning:
            entry = record_activity(
                locked,
                actor=None,
                verb="compliance.expiry_warning",
                workspace=locked.production.workspace,
                data={"stage": stage, "expires_on": locked.expires_on},
            )
            publish("compliance.expiry_warning", locked, entry=entry, data={"stage": stage})
    if locked.status != before:
        refresh_health_on_commit(locked.production)
    return stage
