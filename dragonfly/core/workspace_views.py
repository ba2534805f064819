"""The shape of a module's landing page: workspace-scoped URL, module gate, one template."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from dragonfly.tenancy.access import is_org_admin

from .navigation import MODULES_BY_APP, can_open_module, module_switched_off


def require_module(request, app_label, perm=None, message=""):
    """The current workspace, when the user may open the module there (and holds `perm` in it); else 403."""
    workspace = request.workspace or None
    if module_switched_off(request.user, workspace, app_label):
        raise Http404(_("This module is switched off in this workspace."))
    if not can_open_module(request.user, workspace, app_label):
        raise PermissionDenied(
            _("Your role does not open %(module)s in this workspace.") % {"module": MODULES_BY_APP[app_label].label}
        )
    if perm is not None and not request.user.has_perm(perm, workspace):
        raise PermissionDenied(message)
    request.filter_workspace = workspace  # the page's filters list this workspace's rows (core.filters)
    return workspace


def require_org_admin(request, message):
    """The current workspace's organization, when the user administers it; else 403 with `message`
    (the org admin's own pages: automations, integrations)."""
    workspace = request.workspace or None
    if not workspace or not is_org_admin(request.user, workspace.organization_id):
        raise PermissionDenied(message)
    return workspace.organization


def module_home_urls(app_label, workspace_view):
    """`/<module>/` goes to the current workspace's page at `/<module>/w/<org>/<ws>/`."""

    def current(request):
        workspace = request.workspace or None
        if not workspace:
            return render(request, "core/no_workspace.html", status=200)
        return redirect(f"{app_label}:workspace_home", workspace.organization.slug, workspace.slug)

    return [
        path("", current, name="home"),
        path("w/<slug:org_slug>/<slug:ws_slug>/", workspace_view, name="workspace_home"),
    ]
