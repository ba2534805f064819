"""Storing files, and the documents they are versions of: upload, new version, restore, share.

A service takes the object first and the acting user as `actor=`, checks the permission through
the one backend, writes in one transaction with its activity entry, and refuses with a reason."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import secrets
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import Conflict, DomainError
from dragonfly.tenancy.access import get_access, workspace_of

from .buckets import BUCKETS
from .categories import BUCKET_CATEGORY
from .models import Attachment, Document, DocumentCategory, ShareAccess, ShareLink
from .querysets import visible_object
from .sniff import EXTENSIONS, MARKUP, detect_type

SNIFF_BYTES = 8192


class UploadRefused(ValidationError):
    """An upload that breaks its bucket's rules; nothing was stored."""


def _display_name(name):
    name = os.path.basename(name or "").strip()
    name = re.sub(r"[\x00-\x1f\x7f]", "", name)
    return (name or "file")[:255]


def check_upload(upload, bucket_name):
    """Validate an uploaded file against its bucket; returns the detected type."""
    bucket = BUCKETS.get(bucket_name)
    if bucket is None:
        raise UploadRefused(_("Unknown storage bucket “%(bucket)s”.") % {"bucket": bucket_name})
    if upload is None or not upload.size:
        raise UploadRefused(_("The file is empty."))
    if upload.size > bucket.max_bytes:
        raise UploadRefused(
            _("“%(file)s” is %(size)s MB; %(bucket)s files may be at most %(limit)s.")
            % {
                "file": _display_name(upload.name),
                "size": f"{upload.size / (1024 * 1024):.1f}",
                "bucket": bucket.name,
                "limit": bucket.max_label,
            }
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    detected = detect_type(head)
    if detected == MARKUP:
        raise UploadRefused(
            _(
                "“%(file)s” contains web page markup (HTML, XML or SVG tags), which a browser "
                "could run, so it is not accepted. Save it as PDF or as plain text without tags."
            )
            % {"file": _display_name(upload.name)}
        )
    if detected not in bucket.allowed_types:
        allowed = ", ".join(sorted({EXTENSIONS[t] for t in bucket.allowed_types}))
        raise UploadRefused(
            _("“%(file)s” is not a file type %(bucket)s accepts (allowed: %(allowed)s).")
            % {"file": _display_name(upload.name), "bucket": bucket.name, "allowed": allowed}
        )
    return detected


# Buckets a document may live in (avatars and logos are public pictures, not documents).
DOCUMENT_BUCKETS = [name for name, bucket in BUCKETS.items() if not bucket.public]
SHARE_DAYS = (1, 3, 7, 14, 30, 90)


class ShareGone(DomainError):
    """A share link that expired or was revoked (answered 410)."""

    code = "gone"


def store_upload(upload, *, bucket, actor, workspace=None, organization=None, attach_to=None):
    """Store one upload in a bucket after checking it; refuses with UploadRefused and stores nothing.

    The stored name is a random UUID with the extension of the detected type, never the
    user's file name (which is kept only for display). A private file of a workspace becomes
    version 1 of a document of its own, so it shows on the files page with its object."""
    spec = BUCKETS.get(bucket)
    _check_admin_only(bucket, organization or (workspace.organization if workspace else None), actor)
    if workspace is not None and not actor.has_perm("files.add_attachment", workspace):
        raise PermissionDenied(_("You may not upload files in this workspace."))
    detected = check_upload(upload, bucket)
    with transaction.atomic():
        document = None
        if workspace is not None and spec is not None and not spec.public:
            document = _new_document(workspace, actor, _display_name(upload.name), bucket, attach_to)
        attachment = _save_version(
            upload,
            detected,
            bucket=bucket,
            actor=actor,
            workspace=workspace,
            organization=organization,
            attach_to=attach_to,
            document=document,
        )
    return attachment


def _check_admin_only(bucket, org, actor):
    spec = BUCKETS.get(bucket)
    if spec is not None and spec.admin_only:
        access = get_access(actor)
        if not (access.is_platform_admin or (org and org.pk in access.admin_organization_ids)):
            raise PermissionDenied(_("Only organization admins may store contracts."))


def _new_document(workspace, actor, title, bucket, attach_to, category=None):
    if category is None:
        category = DocumentCategory.objects.filter(
            organization_id=workspace.organization_id, name=BUCKET_CATEGORY.get(bucket, "")
        ).first()
    document = Document(
        workspace=workspace,
        title=title[:200],
        category=category,
        bucket=bucket,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if attach_to is not None:
        document.content_object = attach_to
    document.save()
    return document


def _save_version(upload, detected, *, bucket, actor, workspace, organization, attach_to, document, note=""):
    """One stored file; as a document's version, its next number and now its current one."""
    attachment = Attachment(
        bucket=bucket,
        workspace=workspace,
        organization=organization or (workspace.organization if workspace else None),
        original_name=_display_name(upload.name),
        content_type_detected=detected,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=timezone.now(),
        document=document,
        note=note,
    )
    if attach_to is not None:
        attachment.content_object = attach_to
    if document is not None:
        attachment.version = _next_version(document)
    attachment.file.save(f"{uuid.uuid4().hex}.{EXTENSIONS[detected]}", upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
            if document is not None:
                _make_current(document, attachment)
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def _next_version(document):
    return (document.versions.aggregate(n=Max("version"))["n"] or 0) + 1


def _make_current(document, attachment):
    document.current = attachment
    document.save(update_fields=["current", "updated_at"])


def delete_attachment(attachment):
    """Delete one stored file; its document then shows its latest other version, or goes with it."""
    storage, name = attachment.file.storage, attachment.file.name
    document = attachment.document
    attachment.delete()
    if document is not None:
        latest = document.versions.order_by("-version").first()
        if latest is None:
            document.delete()
        elif document.current_id is None:
            _make_current(document, latest)
    # A restored version shares its stored file with the version it restored.
    if not Attachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


# --- documents -------------------------------------------------------------------------------------
def _require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def may_see_object(user, obj) -> bool:
    """Whether `user` sees a business object, by its own model's `visible_to` (generic)."""
    return visible_object(ContentType.objects.get_for_model(obj), obj.pk, user) is not None


def create_document(
    workspace, *, actor, upload, title="", category=None, bucket="documents", note="", attach_to=None
) -> Document:
    """A new document in `workspace` (linked to `attach_to`, which the actor must see), version 1."""
    _require(actor, "files.add_document", workspace, _("Your role does not upload files in this workspace."))
    if bucket not in DOCUMENT_BUCKETS:
        raise DomainError(_("Documents are not stored in “%(bucket)s”.") % {"bucket": bucket})
    _check_admin_only(bucket, workspace.organization, actor)
    if category is not None and category.organization_id != workspace.organization_id:
        raise DomainError(_("That category belongs to another organization."))
    if attach_to is not None and (workspace_of(attach_to) != workspace or not may_see_object(actor, attach_to)):
        raise DomainError(_("A file can only be attached to something of this workspace that you can see."))
    detected = check_upload(upload, bucket)
    with transaction.atomic():
        document = _new_document(workspace, actor, title.strip() or _display_name(upload.name), bucket, attach_to)
        if category is not None:
            document.category = category
            document.save(update_fields=["category"])
        version = _save_version(
            upload,
            detected,
            bucket=bucket,
            actor=actor,
            workspace=workspace,
            organization=None,
            attach_to=attach_to,
            document=document,
            note=note,
        )
        record_activity(document, actor=actor, verb="uploaded", data={"version": version.version})
    return document


def update_document(document: Document, *, actor: Any, **changes: Any) -> Document:
    """Rename a document or move it to another category of its organization (`title`, `category`);
    the activity entry carries each changed field's before and after."""
    _require(actor, "files.change_document", document, _("You may not edit this file."))
    unknown = set(changes) - {"title", "category"}
    if unknown:
        raise DomainError(_("These fields cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            raise DomainError(_("Give the file a title."))
    category = changes.get("category")
    if category is not None and category.organization_id != document.workspace.organization_id:
        raise DomainError(_("That category belongs to another organization."))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        diff = {}
        for field, value in changes.items():
            before = getattr(document, field)
            if before != value:
                diff[field] = [_plain(before), _plain(value)]
                setattr(document, field, value)
        if diff:
            document.save(update_fields=[*diff, "updated_at"])
            record_activity(document, actor=actor, verb="edited", data={"changes": diff})
    return document


def _plain(value: Any) -> Any:
    # A category reads by its name in the activity entry (it may be renamed or removed later).
    return str(value) if value is not None else None


def add_version(document: Document, *, actor: Any, upload: Any, note: str = "") -> Attachment:
    """A new version of `document`, which becomes current; the old ones stay. The bucket's size and
    type limits hold for every version."""
    _require(actor, "files.change_document", document, _("You may not upload new versions of this file."))
    detected = check_upload(upload, document.bucket)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)  # one number per version
        version = _save_version(
            upload,
            detected,
            bucket=document.bucket,
            actor=actor,
            workspace=document.workspace,
            organization=None,
            attach_to=document.content_object if document.content_type_id else None,
            document=document,
            note=note,
        )
        record_activity(
            document, actor=actor, verb="uploaded a new version", note=note, data={"version": version.version}
        )
    return version


def restore_version(document: Document, *, actor: Any, version: int) -> Attachment:
    """Make an old version current again: a new version with its file (the history keeps every step)."""
    _require(actor, "files.change_document", document, _("You may not restore versions of this file."))
    with transaction.atomic():
        document = Document.objects.select_for_update(of=("self",)).select_related("current").get(pk=document.pk)
        old = document.versions.filter(version=version).first()
        if old is None:
            raise DomainError(_("This file has no version %(version)s.") % {"version": version})
        if document.current_id == old.pk:
            raise Conflict(_("Version %(version)s is already the current one.") % {"version": version})
        restored = Attachment.objects.create(
            bucket=old.bucket,
            organization_id=old.organization_id,
            workspace_id=old.workspace_id,
            content_type_id=old.content_type_id,
            object_id=old.object_id,
            file=old.file.name,
            original_name=old.original_name,
            content_type_detected=old.content_type_detected,
            size=old.size,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=timezone.now(),
            document=document,
            version=_next_version(document),
            note=_("Restored from version %(version)s") % {"version": old.version},
            restored_from=old,
        )
        _make_current(document, restored)
        record_activity(
            document,
            actor=actor,
            verb="restored a version",
            from_state=str(old.version),
            to_state=str(restored.version),
            data={"restored": old.version, "version": restored.version},
        )
    return restored


# --- share links -----------------------------------------------------------------------------------
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share_document(document: Document, *, actor: Any, days: int) -> tuple[ShareLink, str]:
    """A link anyone may open until it expires (after `days`) or is revoked. The token is returned
    once, for the sharer to copy; only its hash is stored."""
    _require(actor, "files.add_sharelink", document, _("You may not share this file outside the organization."))
    if days not in SHARE_DAYS:
        raise DomainError(_("Choose how long the link works: 1 to 90 days."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        link = ShareLink.objects.create(
            document=document,
            token_hash=token_hash(token),
            created_by=actor,
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        record_activity(document, actor=actor, verb="shared", data={"link": link.pk, "days": days})
    return link, token


def revoke_share(link: ShareLink, *, actor: Any) -> ShareLink:
    _require(actor, "files.change_sharelink", link.document, _("You may not revoke this link."))
    with transaction.atomic():
        link = ShareLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked_at is not None:
            raise Conflict(_("This link was already revoked."))
        link.revoked_at, link.revoked_by = timezone.now(), actor
        link.save(update_fields=["revoked_at", "revoked_by"])
        record_activity(link.document, actor=actor, verb="revoked a share link", data={"link": link.pk})
    return link


def open_share(token: str, *, ip: str | None, user_agent: str) -> ShareLink | None:
    """The live link of `token`, its opening logged; None for no such link, ShareGone for a dead one
    (neither is logged)."""
    link = ShareLink.objects.select_related("document__current").filter(token_hash=token_hash(token)).first()
    if link is None or link.document.current is None:
        return None
    if not link.is_live:
        raise ShareGone(_("This link has expired or was revoked."))
    ShareAccess.objects.create(link=link, ip_address=ip or None, user_agent=user_agent[:300])
    return link
