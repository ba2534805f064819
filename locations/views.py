"""Venue pages: the list, new/edit, and a venue's page with its spaces, documents and what the
modules above add to it (the events booked there). A view parses input, calls one service, renders."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import (
    filtered,
    form_action,
    form_page,
    paginate,
    safe_querystring,
    visible_or_404,
)
from dragonfly.core.workspace_views import require_module

from . import services
from .filters import LocationFilter
from .forms import LocationForm, SiteDocumentForm
from .links import venue_sections
from .models import Location

# The venue pages sit inside the Events entry of the navigation: whoever opens Events opens them.
SECTION = "events"
PER_PAGE = 50


def get_location(request, pk):
    return visible_or_404(Location, request.user, pk, "workspace__organization", "parent")


def locations(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    base = Location.objects.visible_to(request.user).in_workspace(workspace).select_related("parent")
    # Only the search and the type come from the query string (the page number stays out of the filter).
    filterset, rows, status = filtered(request, base, LocationFilter, keys=("q", "kind"))
    return render(
        request,
        "locations/locations.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows.order_by("name", "id"), PER_PAGE),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "can_create": request.user.has_perm("locations.add_location", workspace),
        },
        status=status,
    )


def _warn_of_namesakes(request, location):
    for warning in location.warnings:  # set by services.create_location
        messages.warning(request, warning)
    return location


def new_location(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    if not request.user.has_perm("locations.add_location", workspace):
        raise PermissionDenied(_("Your role does not add venues in this workspace."))
    return form_page(
        request,
        LocationForm(request.POST or None, user=request.user, workspace=workspace),
        save=lambda data: _warn_of_namesakes(
            request, services.create_location(actor=request.user, workspace=workspace, **data)
        ),
        template="locations/location_form.html",
        context={"workspace": workspace, "location": None},
        redirect_to=lambda location: reverse("locations:detail", args=[location.pk]),
        success=lambda location: _("“%(location)s” added.") % {"location": location},
    )


def edit_location(request, pk):
    location = get_location(request, pk)
    if not request.user.has_perm("locations.change_location", location):
        raise PermissionDenied(_("You may not edit this venue."))
    initial = {f: getattr(location, f) for f in services.LOCATION_FIELDS}
    initial["parent"] = location.parent_id
    form = LocationForm(
        request.POST or None, user=request.user, workspace=location.workspace, location=location, initial=initial
    )
    return form_page(
        request,
        form,
        save=lambda data: services.update_location(location, actor=request.user, **data),
        template="locations/location_form.html",
        context={"workspace": location.workspace, "location": location},
        redirect_to=lambda saved: reverse("locations:detail", args=[saved.pk]),
        success=_("Venue saved."),
    )


def location_detail(request, pk, *, document_form=None, status=200):
    location = get_location(request, pk)
    can_change = request.user.has_perm("locations.change_location", location)
    return render(
        request,
        "locations/location_detail.html",
        {
            "location": location,
            "workspace": location.workspace,
            "spaces": location.spaces.order_by("name", "id"),
            "sections": venue_sections(request, location),
            "documents": services.site_documents(location),
            "document_form": document_form or (SiteDocumentForm() if can_change else None),
            "can_change": can_change,
            "contacts": location.contact_lines(),
        },
        status=status,
    )


@require_POST
def add_document(request, pk):
    location = get_location(request, pk)
    if not request.user.has_perm("locations.change_location", location):
        raise PermissionDenied(_("You may not add documents to this venue."))
    return form_action(
        request,
        SiteDocumentForm(request.POST, request.FILES),
        save=lambda data: services.add_site_document(
            location, actor=request.user, upload=data["file"], bucket=data["bucket"]
        ),
        redisplay=lambda form, status: location_detail(request, pk, document_form=form, status=status),
        redirect_to=reverse("locations:detail", args=[pk]),
        success=lambda attachment: _("“%(original_name)s” added.") % {"original_name": attachment.original_name},
        refusal_field="file",
    )
