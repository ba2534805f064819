"""Venues: the list, new/edit, and a venue's page with its spaces, upcoming events and documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import services
from ..display import decorate
from ..filters import LocationFilter
from ..forms import LocationForm, SiteDocumentForm
from ..models import Event, Location
from ._common import error_status, get_location, safe_querystring

FIELDS = (
    "name",
    "kind",
    "parent",
    "address",
    "city",
    "country",
    "timezone",
    "capacity",
    "latitude",
    "longitude",
    "contacts",
    "notes",
)


def locations(request, org_slug, ws_slug):
    workspace = require_module(request, "events")
    base = Location.objects.visible_to(request.user).in_workspace(workspace).select_related("parent")
    data = {k: v for k, v in request.GET.items() if k in ("q", "kind") and v.strip()}
    filterset = LocationFilter(data or None, queryset=base, request=request)
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        status, rows = 400, base.none()
    else:
        rows = filterset.qs.order_by("name", "id")
    return render(
        request,
        "events/locations.html",
        {
            "workspace": workspace,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": bool(data),
            "can_create": request.user.has_perm("events.add_location", workspace),
        },
        status=status,
    )


def new_location(request, org_slug, ws_slug):
    workspace = require_module(request, "events")
    if not request.user.has_perm("events.add_location", workspace):
        raise PermissionDenied("Your role does not add venues in this workspace.")
    form = LocationForm(request.POST or None, user=request.user, workspace=workspace)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                location = services.create_location(actor=request.user, workspace=workspace, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"“{location}” added.")
                return redirect("events:location", location.pk)
        else:
            status = 400
    return render(
        request, "events/location_form.html", {"workspace": workspace, "form": form, "location": None}, status=status
    )


def edit_location(request, pk):
    location = get_location(request, pk)
    if not request.user.has_perm("events.change_location", location):
        raise PermissionDenied("You may not edit this venue.")
    initial = {f: getattr(location, f) for f in FIELDS}
    initial["parent"] = location.parent_id
    form = LocationForm(
        request.POST or None, user=request.user, workspace=location.workspace, location=location, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_location(location, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, "Venue saved.")
                return redirect("events:location", location.pk)
        else:
            status = 400
    return render(
        request,
        "events/location_form.html",
        {"workspace": location.workspace, "form": form, "location": location},
        status=status,
    )


def location_detail(request, pk, *, document_form=None, status=200):
    location = get_location(request, pk)
    user = request.user
    clash = location.clash_ids()
    upcoming = decorate(
        Event.objects.visible_to(user)
        .active()
        .filter(location_id__in=clash, ends_at__gte=timezone.now())
        .select_related("location", "location__parent", "production")
        .order_by("starts_at", "id")[:20]
    )
    can_change = user.has_perm("events.change_location", location)
    return render(
        request,
        "events/location_detail.html",
        {
            "location": location,
            "workspace": location.workspace,
            "spaces": location.spaces.order_by("name"),
            "upcoming": upcoming,
            "documents": services.site_documents(location),
            "document_form": document_form or (SiteDocumentForm() if can_change else None),
            "can_change": can_change,
            "contacts": [line for line in location.contacts.splitlines() if line.strip()],
        },
        status=status,
    )


@require_POST
def add_document(request, pk):
    location = get_location(request, pk)
    if not request.user.has_perm("events.change_location", location):
        raise PermissionDenied("You may not add documents to this venue.")
    form = SiteDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return location_detail(request, pk, document_form=form, status=400)
    try:
        attachment = services.add_site_document(
            location, actor=request.user, upload=form.cleaned_data["file"], bucket=form.cleaned_data["bucket"]
        )
    except DomainError as exc:
        form.add_error("file", str(exc))
        return location_detail(request, pk, document_form=form, status=error_status(exc))
    messages.success(request, f"“{attachment.original_name}” added.")
    return redirect("events:location", pk)
