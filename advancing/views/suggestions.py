"""The advance form's suggestions: what usually goes with the lines picked so far (suggestions.py)."""

from django.shortcuts import render

from dragonfly.core.workspace_views import require_module

from ..suggestions import picked_from, suggestions_for


def suggestions(request, org_slug, ws_slug):
    workspace = require_module(request, "advancing")
    found = suggestions_for(request.user, workspace, picked_from(request.GET))
    return render(request, "advancing/_suggestions.html", {"suggestions": found})
