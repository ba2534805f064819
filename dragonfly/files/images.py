"""Pictures a module's object carries (a listing's photos, a post's image): one way to store and serve them.

An image is stored in the private `media` bucket as an attachment of the organization (no document:
it is not a file of the workspace's files page), after checking it is a picture (JPEG, PNG, GIF or
WebP, read from its content) of at most `IMAGE_MAX_BYTES`. The module serves it through its own
view, which first decides with the object's `visible_to` who may see the object, then answers
`image_response(attachment)`."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from .buckets import IMAGES, MB
from .models import Attachment
from .services import SNIFF_BYTES, UploadRefused, _display_name, check_upload, store_upload
from .serving import file_response
from .sniff import MARKUP, detect_type

IMAGE_BUCKET = "media"
IMAGE_MAX_BYTES = 10 * MB


def check_image(upload: Any) -> str:
    """The detected type of an uploaded picture; UploadRefused (nothing stored) for anything else."""
    if upload is not None and upload.size and upload.size > IMAGE_MAX_BYTES:
        raise UploadRefused(
            _("“%(file)s” is %(size)s MB; a photo may be at most %(limit)s MB.")
            % {
                "file": _display_name(upload.name),
                "size": f"{upload.size / MB:.1f}",
                "limit": IMAGE_MAX_BYTES // MB,
            }
        )
    if upload is not None and upload.size:
        upload.seek(0)
        detected = detect_type(upload.read(SNIFF_BYTES))
        upload.seek(0)
        if detected not in IMAGES and detected != MARKUP:  # markup gets its own reason below
            raise UploadRefused(
                _("“%(file)s” is not a photo; upload a JPEG, PNG, GIF or WebP picture.")
                % {"file": _display_name(upload.name)}
            )
    return check_upload(upload, IMAGE_BUCKET)  # empty, markup, the bucket's own limits


def store_image(upload: Any, *, actor: Any, organization: Any, attach_to: Any = None) -> Attachment:
    """Check and store one picture of `organization` (linked to `attach_to` when given)."""
    check_image(upload)
    return store_upload(upload, bucket=IMAGE_BUCKET, actor=actor, organization=organization, attach_to=attach_to)


def image_response(attachment: Attachment | None) -> HttpResponseBase:
    """The picture itself, shown inline, the browser told never to guess another type nor keep a copy.
    The caller has decided the reader may see it."""
    if attachment is None or not attachment.is_image:
        raise Http404("No such picture.")
    return file_response(attachment, inline=True)
