"""The Advances tab of a production page: the production's advances with their totals by status.
Registered with productions (advancing.extensions), which mounts it at /productions/<pk>/advances/."""

from django.shortcuts import render
from django.urls import reverse

from dragonfly.core.pages import paginate
from productions.pages import production_page

from ..selectors import production_advance_totals
from ._common import visible_advances


def production_advances(request, pk):
    production, context = production_page(request, pk, "advances")
    rows = (
        visible_advances(request.user)
        .filter(production=production)
        .select_related("submitter")
        .order_by("-created_at", "-id")
    )
    context.update(
        {
            "page": paginate(request, rows),
            "summary": production_advance_totals(production, request.user),
            # The empty state's button: a new advance for this production (when the viewer may create one).
            "new_url": _new_advance_url(request.user, production),
        }
    )
    return render(request, "advancing/production_advances.html", context)


def _new_advance_url(user, production):
    workspace = production.workspace
    if not user.has_perm("advancing.add_advance", workspace):
        return ""
    url = reverse("advancing:new", args=[workspace.organization.slug, workspace.slug])
    return f"{url}?production={production.pk}"
