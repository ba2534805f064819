"""Venue pages: the list (with the workspace's booking rule), new/edit, and a venue's page with its
facilities, load-in details, site maps, utilities and what is plugged into it (its files, through
the core's files panel; the events booked there). A view parses input, calls one service, renders."""

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

from .. import services
from ..filters import LocationFilter
from ..forms import ClashPolicyForm, LocationForm, SiteMapForm, UtilityForm
from ..links import venue_sections
from ..models import Location, SiteMap, Utility

# The venue pages sit inside the Events entry of the navigation: whoever opens Events opens them.
SECTION = "events"
PER_PAGE = 50


def get_location(request, pk):
    return visible_or_404(Location, request.user, pk, "workspace__organization", "parent")


def permitted(request, obj, perm, refusal):
    """`obj` (one the user sees) when the user holds `perm` on it; a 403 saying `refusal` otherwise."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(refusal)
    return obj


def locations(request, org_slug, ws_slug, *, policy_form=None, status=200):
    workspace = require_module(request, SECTION)
    base = Location.objects.visible_to(request.user).in_workspace(workspace).select_related("parent")
    # Only the search and the type come from the query string (the page number stays out of the filter).
    filterset, rows, filter_status = filtered(request, base, LocationFilter, keys=("q", "kind"))
    status = max(status, filter_status)
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
            "policy_form": policy_form or _policy_form(request.user, workspace),
        },
        status=status,
    )


def _policy_form(user, workspace):
    if not user.has_perm("locations.change_bookingrule", workspace):
        return None
    return ClashPolicyForm(initial={"on_clash": services.clash_policy(workspace.pk)})


@require_POST
def set_clash_policy(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    if not request.user.has_perm("locations.change_bookingrule", workspace):
        raise PermissionDenied(_("Your role does not set how bookings clash here."))
    return form_action(
        request,
        ClashPolicyForm(request.POST),
        save=lambda data: services.set_clash_policy(workspace, actor=request.user, on_clash=data["on_clash"]),
        redisplay=lambda form, status: locations(request, org_slug, ws_slug, policy_form=form, status=status),
        redirect_to=reverse("locations:list", args=[org_slug, ws_slug]),
        success=_("Booking rule saved."),
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
        LocationForm(request.POST or None, user=request.user, workspace=workspace, initial=_facility_of(request)),
        save=lambda data: _warn_of_namesakes(
            request, services.create_location(actor=request.user, workspace=workspace, **data)
        ),
        template="locations/location_form.html",
        context={"workspace": workspace, "location": None},
        redirect_to=lambda location: reverse("locations:detail", args=[location.pk]),
        success=lambda location: _("“%(location)s” added.") % {"location": location},
    )


def _facility_of(request):
    """ "Add a facility" on a venue's page opens this form with the venue picked (`?parent=<pk>`)."""
    parent = request.GET.get("parent", "")
    return {"parent": parent, "kind": "stage"} if parent.isdigit() else {}


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
        versioned=location,
    )


def location_detail(request, pk, *, site_map_form=None, utility_form=None, status=200):
    location = get_location(request, pk)
    user = request.user
    can_change = user.has_perm("locations.change_location", location)
    can_add_map = user.has_perm("locations.add_sitemap", location)
    can_add_utility = user.has_perm("locations.add_utility", location)
    return render(
        request,
        "locations/location_detail.html",
        {
            "location": location,
            "workspace": location.workspace,
            "spaces": location.spaces.order_by("name", "id"),
            "site_maps": SiteMap.objects.visible_to(user).filter(location=location).order_by("name", "id"),
            "utilities": Utility.objects.visible_to(user).filter(location=location).order_by("kind", "id"),
            "site_map_form": site_map_form or (SiteMapForm() if can_add_map else None),
            "utility_form": utility_form or (UtilityForm() if can_add_utility else None),
            "can_add_facility": can_change and not location.parent_id,
            "sections": venue_sections(request, location),
            "can_change": can_change,
            "contacts": location.contact_lines(),
        },
    )
