"""Incidents: reporting one on an event, the workspace's list, an incident's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import filtered, form_action, form_page, paginate
from dragonfly.core.workspace_views import require_module

from .. import services
from ..filters import IncidentFilter
from ..forms import IncidentFileForm, IncidentForm, IncidentMoveForm
from ..models import Incident, IncidentStatus
from ._common import error_status, get_event, get_incident, safe_querystring

INCIDENT_FILTERS = ("severity", "status", "category", "production")


def incidents(request, org_slug, ws_slug):
    workspace = require_module(request, "events")
    base = (
        Incident.objects.visible_to(request.user)
        .filter(event__workspace=workspace)
        .select_related("event", "event__location", "reported_by")
    )
    filterset, rows, status = filtered(request, base, IncidentFilter, keys=INCIDENT_FILTERS)
    rows = rows.order_by("-occurred_at", "-id")
    return render(
        request,
        "events/incidents.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows, 30),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            # Incidents are reported from an event's page: the empty list points there when one may report.
            "can_report": request.user.has_perm("events.add_incident", workspace),
        },
        status=status,
    )


def new_incident(request, pk):
    event = get_event(request, pk)
    if not request.user.has_perm("events.add_incident", event):
        raise PermissionDenied(_("Your role does not report incidents on this event."))
    return form_page(
        request,
        IncidentForm(request.POST or None, request.FILES or None, event=event),
        save=lambda data: services.report_incident(
            event,
            actor=request.user,
            title=data["title"],
            description=data["description"],
            severity=data["severity"],
            category=data["category"],
            occurred_at=data["occurred"],
            people_involved=data["people_involved"],
            actions_taken=data["actions_taken"],
            attachments=data["files"],
        ),
        template="events/incident_form.html",
        context={"event": event, "workspace": event.workspace},
        redirect_to=lambda incident: reverse("events:incident", args=[incident.pk]),
        success=lambda incident: (
            _("Incident reported.")
            + (" The production manager has been alerted." if incident.severity == "critical" else "")
        ),
    )


def incident_detail(request, pk, *, error=None, status=200, file_form=None):
    incident = get_incident(request, pk)
    user = request.user
    can_change = user.has_perm("events.change_incident", incident)
    own = incident.reported_by_id == user.pk
    return render(
        request,
        "events/incident_detail.html",
        {
            "incident": incident,
            "event": incident.event,
            "workspace": incident.event.workspace,
            "files": services.incident_files(incident),
            "moves": [s for s in IncidentStatus if s in incident.allowed_moves()] if can_change else [],
            "can_attach": can_change or (own and user.has_perm("events.add_incident", incident.event)),
            "file_form": file_form or IncidentFileForm(),
            "error": error,
        },
        status=status,
    )


@require_POST
def move_incident(request, pk):
    incident = get_incident(request, pk)
    form = IncidentMoveForm(request.POST)
    if not form.is_valid():
        return incident_detail(request, pk, error=_("Pick a status."), status=400)
    try:
        services.move_incident(
            incident, actor=request.user, to_status=form.cleaned_data["to_status"], note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        return incident_detail(request, pk, error=str(exc), status=error_status(exc))
    messages.success(request, _("Incident moved to “%(status)s”.") % {"status": incident.get_status_display()})
    return redirect("events:incident", pk)


@require_POST
def attach_file(request, pk):
    incident = get_incident(request, pk)
    return form_action(
        request,
        IncidentFileForm(request.POST, request.FILES),
        save=lambda data: services.attach_to_incident(incident, actor=request.user, upload=data["file"]),
        redisplay=lambda form, status: incident_detail(request, pk, file_form=form, status=status),
        redirect_to=reverse("events:incident", args=[pk]),
        success=_("File added."),
        refusal_field="file",
    )
