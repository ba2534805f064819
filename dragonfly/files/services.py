import os
import re
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.tenancy.access import get_access

from .buckets import BUCKETS
from .models import Attachment
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


def store_upload(upload, *, bucket, actor, workspace=None, organization=None, attach_to=None):
    """Store one upload in a bucket after checking it; refuses with UploadRefused and stores nothing.

    The stored name is a random UUID with the extension of the detected type, never the
    user's file name (which is kept only for display).
    """
    spec = BUCKETS.get(bucket)
    if spec is not None and spec.admin_only:
        org = organization or (workspace.organization if workspace else None)
        access = get_access(actor)
        if not (access.is_platform_admin or (org and org.pk in access.admin_organization_ids)):
            raise PermissionDenied(_("Only organization admins may store contracts."))
    if workspace is not None and not actor.has_perm("files.add_attachment", workspace):
        raise PermissionDenied(_("You may not upload files in this workspace."))
    detected = check_upload(upload, bucket)
    attachment = Attachment(
        bucket=bucket,
        workspace=workspace,
        organization=organization or (workspace.organization if workspace else None),
        original_name=_display_name(upload.name),
        content_type_detected=detected,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        created_at=timezone.now(),
    )
    if attach_to is not None:
        attachment.content_object = attach_to
    with transaction.atomic():
        attachment.file.save(f"{uuid.uuid4().hex}.{EXTENSIONS[detected]}", upload, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def delete_attachment(attachment):
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
