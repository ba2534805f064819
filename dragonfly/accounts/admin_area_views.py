"""The admin area inside the product, for an organization's admins (Phantom, Legend): settings of the
organization and its workspaces, the role × permission matrix, role assignment and the audit log.

Each page works on the current workspace's organization; someone who does not administer it gets 403,
a workspace of another organization is a 404. Writes go through the same services as the API.
"""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import DomainError
from dragonfly.core.pages import form_page, paginate, safe_querystring
from dragonfly.tenancy.access import get_access, is_org_admin, people_visible_to
from dragonfly.tenancy.models import Organization, Workspace
from dragonfly.tenancy.role_settings import EDITABLE_ROLES, effective, grantable_permissions, set_role_permissions
from dragonfly.tenancy.roles import ROLE_APPS, Role
from dragonfly.tenancy.services import assign_role, grantable_roles

from .forms import AssignRoleForm, AuditFilterForm, WorkspaceSettingsForm, modules_in_use, modules_switched_off
from .services import update_workspace_settings


def admin_organization(request):
    """The current workspace's organization, when the user administers it (403 otherwise)."""
    workspace = request.workspace or None
    if not workspace:
        raise PermissionDenied(_("You are not a member of any organization."))
    organization = workspace.organization
    if not is_org_admin(request.user, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) open the admin area."))
    return organization


def admin_home(request):
    organization = admin_organization(request)
    workspaces = organization.workspaces.order_by("archived", "name")
    context = {"organization": organization, "workspaces": workspaces, "finance_on": finance_on(request, organization)}
    return render(request, "accounts/admin_home.html", context)


def finance_on(request, organization):
    """Whether the approval thresholds (the finance settings page) are there to link to."""
    return not get_access(request.user).module_off("finance", organization=organization)


def workspace_settings(request, workspace_id):
    # Another organization's workspace (or one the user holds no role in) is a 404 before the role is asked.
    workspace = get_object_or_404(
        Workspace.objects.visible_to(request.user).select_related("organization"), pk=workspace_id
    )
    organization = workspace.organization
    if not is_org_admin(request.user, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) open the admin area."))
    form = WorkspaceSettingsForm(request.POST or None, initial={"modules": modules_in_use(workspace.disabled_modules)})
    return form_page(
        request,
        form,
        save=lambda data: update_workspace_settings(
            workspace, actor=request.user, disabled_modules=modules_switched_off(data["modules"])
        ),
        template="accounts/workspace_settings.html",
        context={"organization": organization, "workspace": workspace, "off_everywhere": organization.disabled_modules},
        redirect_to=lambda _result: reverse("accounts:workspace_settings", args=[workspace.pk]),
        success=_("Workspace settings saved."),
        versioned=workspace,  # two admins switching the same workspace's modules: the second is told
    )


def role_matrix(request):
    """Which role may do what in this organization, read from the one permission source the backend
    answers from; an org admin changes the roles below the admins here, one app's permissions at a time."""
    organization = admin_organization(request)
    apps = [app for app in ROLE_APPS if app != "auth"]
    app = request.GET.get("app") if request.GET.get("app") in apps else apps[0]
    permissions = list(
        Permission.objects.filter(content_type__app_label=app)
        .select_related("content_type")
        .order_by("content_type__model", "codename")
    )
    perms = [f"{app}.{p.codename}" for p in permissions]
    status = 200
    if request.method == "POST":
        wanted = {role: {p for p in perms if f"{int(role)}:{p}" in request.POST} for role in EDITABLE_ROLES}
        try:
            # An unticked box sends nothing: only the page's own form (naming its area) may untick them all.
            if request.POST.get("matrix") != app:
                raise DomainError(_("Save from the matrix of one area; nothing was changed."))
            organization = set_role_permissions(organization, actor=request.user, perms=perms, wanted=wanted)
        except DomainError as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, _("What the roles may do in %(org)s is saved.") % {"org": organization.name})
            return redirect(f"{reverse('accounts:role_matrix')}?app={app}")
    access = get_access(request.user)
    grantable = grantable_permissions(request.user)
    roles = list(Role)
    rows = []
    for permission, perm in zip(permissions, perms, strict=True):
        cells = []
        for role in roles:
            default = perm in access.role_permissions[role]
            held = effective(organization, role, perm, request.user)
            editable = role in EDITABLE_ROLES and (default or perm in grantable)
            cells.append({"role": int(role), "held": held, "changed": held != default, "editable": editable})
        rows.append({"name": permission.name, "perm": perm, "cells": cells})
    context = {
        "organization": organization,
        "apps": apps,
        "app": app,
        "roles": roles,
        "rows": rows,
        "changes": sum(len(v) for v in (organization.role_permissions or {}).values()),
    }
    return render(request, "accounts/role_matrix.html", context, status=status)


@require_POST
def assign_member_role(request):
    organization = admin_organization(request)
    form = _assign_form(request, organization, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            assign_role(
                data["user"],
                organization=organization,
                workspace=data["workspace"],
                role=data["role"],
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Role assigned."))
    else:
        messages.error(request, _("Choose a person, a role and a workspace from the lists."))
    return redirect("members")


def _assign_form(request, organization, data=None):
    people = (
        people_visible_to(request.user)
        .filter(memberships__organization=organization)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    roles = grantable_roles(request.user, organization)
    return AssignRoleForm(data, organization=organization, roles=roles, people=list(people))


def assign_form_for(request, organization):
    """The members page's role assignment form (only for the organization's admins)."""
    return _assign_form(request, organization) if is_org_admin(request.user, organization) else None


def audit_log(request):
    """What happened in the organization, newest first, filtered by who, what, where and when."""
    organization = admin_organization(request)
    form = AuditFilterForm(request.GET or None, organization=organization)
    entries = ActivityEntry.objects.filter(
        Q(workspace__organization=organization)
        | Q(
            workspace__isnull=True,
            content_type=ContentType.objects.get_for_model(Organization),
            object_id=str(organization.pk),
        )
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            entries = form.narrow(entries)
        else:
            entries, status = entries.none(), 400
    entries = entries.select_related("actor", "workspace", "content_type").order_by("-created_at", "-id")
    context = {
        "organization": organization,
        "form": form,
        "page": paginate(request, entries),
        "querystring": safe_querystring(request),
    }
    return render(request, "accounts/audit_log.html", context, status=status)
