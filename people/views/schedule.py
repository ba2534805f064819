"""Crew schedule and availability grids, assigning people, the certificate watch list."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import services
from ..errors import CertificationMissing
from ..forms import AssignForm, GridForm
from ..models import EXPIRY_LABELS, Assignment, Person, expiry_state
from ..selectors import certifications_needing_attention, get_team_availability
from ._common import error_status, org_time, paginate, safe_querystring, tabs, visible_or_404


def _grid_page(request, workspace, mode):
    user = request.user
    with org_time(workspace):
        data = request.GET.copy()
        data.setdefault("start", timezone.localdate().isoformat())
        data.setdefault("days", "14")
        form = GridForm(data, user=user, workspace=workspace)
        start, end, team = form.values()
        grid = get_team_availability(user=user, workspace=workspace, start=start, end=end, team=team)
        step = datetime.timedelta(days=len(grid.days))
        query = request.GET.copy()
        query["start"] = (start - step).isoformat()
        previous = query.urlencode()
        query["start"] = (start + step).isoformat()
        following = query.urlencode()
        context = {
            "workspace": workspace,
            "form": form,
            "grid": grid,
            "mode": mode,
            "today": timezone.localdate(),
            "previous_query": previous,
            "next_query": following,
            "can_assign": user.has_perm("people.add_assignment", workspace),
            "can_add": user.has_perm("people.add_person", workspace),
            "filtered": bool(form.is_valid() and form.cleaned_data.get("team")),
            **tabs(workspace, user, mode),
        }
        return render(request, "people/schedule.html", context, status=400 if form.errors else 200)


def schedule(request, org_slug, ws_slug):
    """The crew schedule: people × days, each shift with its fatigue warnings."""
    return _grid_page(request, require_module(request, "people"), "schedule")


def availability(request, org_slug, ws_slug):
    """Team availability for a date range: who is free, assigned or away each day."""
    return _grid_page(request, require_module(request, "people"), "availability")


def assign(request, org_slug, ws_slug):
    workspace = require_module(request, "people")
    user = request.user
    if not user.has_perm("people.add_assignment", workspace):
        raise PermissionDenied(_("Your role does not assign crew in this workspace."))
    can_override = user.has_perm("people.override_certificate_check", workspace)
    status = 200
    refusal = None
    with org_time(workspace):
        if request.method == "POST":
            form = AssignForm(request.POST, user=user, workspace=workspace, can_override=can_override)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    assignment = services.assign_person(
                        data["person"],
                        actor=user,
                        event=data.get("event"),
                        production=data.get("production"),
                        position=data["position"],
                        call_time=data["call_time"],
                        end_time=data["end_time"],
                        notes=data.get("notes", ""),
                        override_note=data.get("override_note", ""),
                    )
                except CertificationMissing as exc:
                    refusal = exc.reasons
                    status = 400
                except DomainError as exc:
                    form.add_error(None, str(exc))
                    status = error_status(exc)
                else:
                    who = assignment.person.full_name
                    messages.success(
                        request, _("%(who)s assigned as %(position)s.") % {"who": who, "position": assignment.position}
                    )
                    for warning in assignment.warnings:
                        messages.warning(request, warning)
                    url = reverse("people:schedule", args=[workspace.organization.slug, workspace.slug])
                    day = timezone.localtime(assignment.call_time).date()
                    return redirect(f"{url}?start={day - datetime.timedelta(days=day.weekday()):%Y-%m-%d}")
            else:
                status = 400
        else:
            initial = {
                k: request.GET.get(k) for k in ("person", "production", "event", "position") if request.GET.get(k)
            }
            form = AssignForm(initial=initial, user=user, workspace=workspace, can_override=can_override)
        context = {
            "workspace": workspace,
            "form": form,
            "refusal": refusal,
            "can_override": can_override,
            **tabs(workspace, user, "schedule"),
        }
        return render(request, "people/assign.html", context, status=status)


def assignment_detail(request, pk):
    assignment = visible_or_404(
        Assignment,
        request.user,
        pk,
        "person",
        "position",
        "production",
        "event",
        "workspace__organization",
        "overridden_by",
    )
    history = ActivityEntry.objects.for_object(assignment).order_by("created_at", "id")
    context = {
        "assignment": assignment,
        "workspace": assignment.workspace,
        "history": history,
        "can_remove": request.user.has_perm("people.delete_assignment", assignment),
        **tabs(assignment.workspace, request.user, "schedule"),
    }
    return render(request, "people/assignment_detail.html", context)


@require_POST
def assignment_remove(request, pk):
    assignment = visible_or_404(Assignment, request.user, pk, "person", "workspace__organization")
    workspace = assignment.workspace
    services.unassign(assignment, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, _("%(full_name)s is no longer assigned.") % {"full_name": assignment.person.full_name})
    return redirect("people:schedule", workspace.organization.slug, workspace.slug)


def certifications(request, org_slug, ws_slug):
    """Certificates that expired or expire within 30 days, soonest first."""
    workspace = require_module(request, "people")
    rows = certifications_needing_attention(request.user, workspace)
    page = paginate(request, rows)
    today = timezone.localdate()
    for cert in page.object_list:
        cert.state = expiry_state(cert.expires_on, today)
        cert.state_label = EXPIRY_LABELS[cert.state]
    context = {
        "workspace": workspace,
        "page": page,
        "querystring": safe_querystring(request),
        "people_count": Person.objects.visible_to(request.user).in_workspace(workspace).count(),
        **tabs(workspace, request.user, "certificates"),
    }
    return render(request, "people/certifications.html", context)
