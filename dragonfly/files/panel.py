"""The files panel a module's page embeds for one of its objects (a production, a venue): the
object's documents the viewer may see and, for those who may, an upload. The module calls it from
its own page or registry (it imports the core; the core imports no module)."""

from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse

from dragonfly.tenancy.access import workspace_of

from .forms import DocumentForm
from .models import Document

PANEL_ROWS = 10


def object_documents(user, obj):
    """The documents attached to `obj` that `user` may see, newest first."""
    content_type = ContentType.objects.get_for_model(obj)
    return (
        Document.objects.visible_to(user)
        .filter(content_type=content_type, object_id=str(obj.pk))
        .select_related("category", "current")
        .order_by("-updated_at", "-id")
    )


def files_panel(request, obj):
    """The panel's HTML for `obj` (a card: its files, and an upload for those who may attach)."""
    workspace = workspace_of(obj)
    rows = list(object_documents(request.user, obj)[: PANEL_ROWS + 1])
    content_type = ContentType.objects.get_for_model(obj)
    can_upload = workspace is not None and request.user.has_perm("files.add_document", workspace)
    context = {
        "documents": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "panel_id": f"{content_type.pk}-{obj.pk}",
        "list_url": reverse("files:list", args=[workspace.organization.slug, workspace.slug]) if workspace else "",
        "attach_url": reverse("files:attach", args=[content_type.pk, obj.pk]),
        "form": DocumentForm(organization=workspace.organization, auto_id="panel_%s") if can_upload else None,
    }
    return render_to_string("files/_panel.html", context, request=request)
