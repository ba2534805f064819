"""A site map's page: the plan with its pins and zones drawn over it, their list, and the form that
adds one (a click on the plan fills it in, static/js/site_map.js; without JS, type the numbers)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, carry_version, form_action, visible_or_404

from .. import services
from ..forms import SiteMapForm, SiteMapNameForm, ZoneForm
from ..models import SiteMap, Zone
from .venues import get_location, location_detail, permitted


def get_site_map(request, pk):
    return visible_or_404(SiteMap, request.user, pk, "location__workspace__organization", "location__parent", "plan")


@require_POST
def add_site_map(request, pk):
    location = get_location(request, pk)
    if not request.user.has_perm("locations.add_sitemap", location):
        raise PermissionDenied(_("You may not add site maps to this venue."))
    return form_action(
        request,
        SiteMapForm(request.POST, request.FILES),
        save=lambda data: services.add_site_map(location, actor=request.user, name=data["name"], upload=data["file"]),
        redisplay=lambda form, status: location_detail(request, pk, site_map_form=form, status=status),
        redirect_to=lambda site_map: reverse("locations:site_map", args=[site_map.pk]),
        success=lambda site_map: _("“%(name)s” added: click on the plan to place pins.") % {"name": site_map.name},
        refusal_field="file",
    )


def site_map(request, pk, *, zone_form=None, name_form=None, status=200):
    site_map = get_site_map(request, pk)
    can_add = request.user.has_perm("locations.add_zone", site_map)
    can_rename = request.user.has_perm("locations.change_sitemap", site_map)
    return render(
        request,
        "locations/site_map.html",
        {
            "site_map": site_map,
            "location": site_map.location,
            "workspace": site_map.location.workspace,
            "zones": list(Zone.objects.visible_to(request.user).filter(site_map=site_map).order_by("name", "id")),
            "zone_form": zone_form or (ZoneForm() if can_add else None),
            "can_delete": request.user.has_perm("locations.delete_zone", site_map),
            "name_form": name_form
            or (
                carry_version(request, SiteMapNameForm(initial={"name": site_map.name}), site_map)
                if can_rename
                else None
            ),
            "can_remove_map": request.user.has_perm("locations.delete_sitemap", site_map),
        },
        status=status,
    )


@require_POST
def add_zone(request, pk):
    site_map_ = get_site_map(request, pk)
    if not request.user.has_perm("locations.add_zone", site_map_):
        raise PermissionDenied(_("You may not place pins or zones on this site map."))
    return form_action(
        request,
        ZoneForm(request.POST),
        save=lambda data: services.add_zone(
            site_map_,
            actor=request.user,
            name=data["name"],
            kind=data["kind"],
            points=data["points"],
            notes=data["notes"],
        ),
        redisplay=lambda form, status: site_map(request, pk, zone_form=form, status=status),
        redirect_to=lambda zone: reverse("locations:site_map", args=[pk]) + f"#zone-{zone.pk}",
        success=lambda zone: _("“%(name)s” placed.") % {"name": zone.name},
    )


@require_POST
def delete_zone(request, pk):
    zone = visible_or_404(Zone, request.user, pk, "site_map__location")
    if not request.user.has_perm("locations.delete_zone", zone):
        raise PermissionDenied(_("You may not remove this zone."))
    return action_page(
        request,
        lambda: services.delete_zone(zone, actor=request.user),
        redirect_to=reverse("locations:site_map", args=[zone.site_map_id]),
        success=_("“%(name)s” removed.") % {"name": zone.name},
    )


def _site_map(request, pk, perm, refusal):
    return permitted(request, get_site_map(request, pk), perm, refusal)


@require_POST
def rename_site_map(request, pk):
    found = _site_map(request, pk, "locations.change_sitemap", _("You may not change this site map."))
    return form_action(
        request,
        SiteMapNameForm(request.POST),
        save=lambda data: services.update_site_map(found, actor=request.user, name=data["name"]),
        redisplay=lambda form, status: site_map(request, pk, name_form=form, status=status),
        redirect_to=reverse("locations:site_map", args=[pk]),
        success=_("Site map renamed."),
        refusal_field="name",
        versioned=found,
    )


@require_POST
def delete_site_map(request, pk):
    """Refused while something points at its zones: the message says what, the map stays."""
    found = _site_map(request, pk, "locations.delete_sitemap", _("You may not remove this site map."))
    name = found.name
    return action_page(
        request,
        lambda: services.delete_site_map(found, actor=request.user),
        redirect_to=reverse("locations:detail", args=[found.location_id]),
        success=_("“%(name)s” removed with its pins and zones; its plan stays in the venue's files.") % {"name": name},
        on_refusal=lambda exc: _refused(request, pk, exc),
    )


def _refused(request, pk, exc):
    messages.error(request, str(exc))
    return site_map(request, pk, status=409)
