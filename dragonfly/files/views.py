from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Attachment


@require_GET
@login_not_required
def serve_public(request, pk):
    """Avatars and logos: public buckets, served to anyone."""
    attachment = get_object_or_404(Attachment, pk=pk, bucket__in=["avatars", "logos"])
    return _respond(attachment, inline=True)


@require_GET
def serve_private(request, pk):
    """Private files: only to users who may see them; anyone else gets a 404."""
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    linked = attachment.content_object if attachment.content_type_id else None
    if linked is not None:
        perm = f"{linked._meta.app_label}.view_{linked._meta.model_name}"
        if not request.user.has_perm(perm, linked):
            raise Http404("No such file.")
    return _respond(attachment, inline=attachment.is_image or attachment.content_type_detected == "application/pdf")


def _respond(attachment, inline):
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
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
