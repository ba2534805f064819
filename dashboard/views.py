"""The dashboard pages: a person's own dashboard (with its add / remove / resize / move buttons, which
htmx posts without a reload and which work as plain forms without JavaScript), and the page where an
org admin sets the default dashboards of a workspace. A view parses input, calls one service, renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import error_status, form_page

from . import services
from .forms import ROLE_CHOICES, DefaultDashboardForm, WidgetChangeForm, role_of
from .models import WidgetSize
from .registry import widgets_for
from .rendering import rendered_widgets


def _workspace(request):
    """The workspace the URL names (the middleware answers 404 to anyone not in it)."""
    workspace = request.workspace or None
    if workspace is None:
        raise Http404(_("No such workspace."))
    return workspace


def _home(workspace):
    return reverse("dashboard:workspace_home", args=[workspace.organization.slug, workspace.slug])


def dashboard(request, org_slug, ws_slug, *, status=200):
    workspace = _workspace(request)
    layout = services.layout_for(request.user, workspace)
    on_it = set(layout.keys)
    context = {
        "workspace": workspace,
        "layout": layout,
        "widgets": rendered_widgets(request.user, workspace, layout),
        "addable": [w for w in widgets_for(request.user, workspace) if w.key not in on_it],
        "sizes": WidgetSize.choices,
        "editing": True,
        "can_set_defaults": request.user.has_perm(services.DEFAULTS_PERM, workspace),
    }
    template = "dashboard/_grid.html" if request.htmx else "dashboard/dashboard.html"
    return render(request, template, context, status=status)


CHANGES = {
    "add": lambda ws, user, data: services.add_widget(ws, actor=user, key=data["key"], size=data["size"] or None),
    "remove": lambda ws, user, data: services.remove_widget(ws, actor=user, key=data["key"]),
    "resize": lambda ws, user, data: services.resize_widget(ws, actor=user, key=data["key"], size=data["size"]),
    "up": lambda ws, user, data: services.move_widget(ws, actor=user, key=data["key"], direction="up"),
    "down": lambda ws, user, data: services.move_widget(ws, actor=user, key=data["key"], direction="down"),
}


@require_POST
def change_widget(request, org_slug, ws_slug):
    """One change to the person's own dashboard; htmx gets the grid back, a plain form a redirect."""
    workspace = _workspace(request)
    form = WidgetChangeForm(request.POST)
    status = 200
    if not form.is_valid():
        messages.error(request, _("That change is not one a dashboard knows."))
        status = 400
    else:
        try:
            CHANGES[form.cleaned_data["action"]](workspace, request.user, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
            status = error_status(exc)
    if request.htmx:
        return dashboard(request, org_slug, ws_slug, status=status)
    return redirect(_home(workspace))


@require_POST
def reset(request, org_slug, ws_slug):
    workspace = _workspace(request)
    services.reset_dashboard(workspace, actor=request.user)
    messages.success(request, _("Your dashboard is back to the default."))
    return redirect(_home(workspace))


def defaults(request, org_slug, ws_slug):
    """Org admins: the dashboard each role (or everyone) sees first in this workspace."""
    workspace = _workspace(request)
    if not request.user.has_perm(services.DEFAULTS_PERM, workspace):
        raise PermissionDenied(_("Your role does not set this workspace's default dashboards."))
    try:
        role = role_of(request.POST.get("role") if request.method == "POST" else request.GET.get("role"))
    except ValueError:
        role = None
    saved = services.default_for(workspace, role)
    rows = services.default_rows(workspace, role)
    form = DefaultDashboardForm(request.POST or None, rows=rows, initial={"role": "" if role is None else role})
    page = reverse("dashboard:defaults", args=[org_slug, ws_slug]) + (f"?role={role}" if role else "")
    return form_page(
        request,
        form,
        save=lambda data: services.set_default_dashboard(
            workspace, actor=request.user, role=role, widgets=form.layout()
        ),
        template="dashboard/defaults.html",
        context={
            "workspace": workspace,
            "role": role,
            "roles": [(value, label, value == ("" if role is None else str(role))) for value, label in ROLE_CHOICES],
            "saved": saved,
        },
        redirect_to=lambda d: page,
        success=lambda d: _("The default dashboard for %(role)s is saved.") % {"role": d.role_label},
    )


@require_POST
def clear_default(request, org_slug, ws_slug):
    workspace = _workspace(request)
    try:
        role = role_of(request.POST.get("role"))
    except ValueError:
        raise Http404(_("No such role.")) from None
    services.clear_default_dashboard(workspace, actor=request.user, role=role)
    messages.success(request, _("That default is cleared; the built-in dashboard shows instead."))
    return redirect(reverse("dashboard:defaults", args=[org_slug, ws_slug]))
