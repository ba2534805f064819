"""Answering with a stored file once a view has decided the reader may have it.

On the local disk the file streams through the app. On an object store (`storage.BucketStorage`)
the answer is a redirect to the store: a URL signed for a minute for a private bucket, the plain
public URL for avatars and logos; the bytes never pass through a web process."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.http.response import HttpResponseBase

from .models import Attachment

# A file opened on its own can run nothing and load nothing but itself (a PDF's pictures).
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def file_response(attachment: Attachment, *, inline: bool, private: bool = True) -> HttpResponseBase:
    """The file: shown in the browser when `inline` (the caller passes it only for safe images and
    PDFs), else a download under its original name, with the type we detected."""
    response: HttpResponseBase
    signer = getattr(attachment.file.storage, "download_url", None)
    if signer is not None:
        # No existence check: a HEAD per download would double the store's calls; a lost object
        # answers the store's own 404.
        response = HttpResponseRedirect(
            signer(
                attachment.file.name,
                filename=attachment.original_name,
                content_type=attachment.content_type_detected,
                inline=inline,
            )
        )
    else:
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("The file is missing from storage.") from exc
        response = FileResponse(
            handle,
            as_attachment=not inline,
            filename=attachment.original_name,
            content_type=attachment.content_type_detected,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
