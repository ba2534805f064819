"""A utility's page: its supplier and capacity, meter readings, outages, and the forms that add them.
An outage reported here becomes an incident of the event on at the venue then (events.outages)."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, form_action, form_page, initial_from, visible_or_404
from dragonfly.tenancy.access import display_name

from .. import services
from ..forms import EndOutageForm, OutageForm, ReadingForm, UtilityForm
from ..models import MeterReading, Outage, Utility
from .venues import get_location, location_detail, permitted

SHOWN = 50  # readings and outages on the page; the API pages through all of them


@require_POST
def add_utility(request, pk):
    location = get_location(request, pk)
    if not request.user.has_perm("locations.add_utility", location):
        raise PermissionDenied(_("You may not add utilities to this venue."))
    return form_action(
        request,
        UtilityForm(request.POST),
        save=lambda data: services.add_utility(location, actor=request.user, **data),
        redisplay=lambda form, status: location_detail(request, pk, utility_form=form, status=status),
        redirect_to=lambda utility: reverse("locations:utility", args=[utility.pk]),
        success=lambda utility: _("%(utility)s added.") % {"utility": utility.get_kind_display()},
    )


def utility(request, pk, *, reading_form=None, outage_form=None, end_form=None, status=200):
    """`end_form` is a refused "Outage over" form, shown again on its outage."""
    utility = visible_or_404(Utility, request.user, pk, "location__workspace__organization", "location__parent")
    user = request.user
    readings = MeterReading.objects.visible_to(user).filter(utility=utility).select_related("recorded_by")
    outages = Outage.objects.visible_to(user).filter(utility=utility).select_related("reported_by")
    can_read = user.has_perm("locations.add_meterreading", utility)
    can_report = user.has_perm("locations.add_outage", utility)
    return render(
        request,
        "locations/utility.html",
        {
            "utility": utility,
            "location": utility.location,
            "workspace": utility.location.workspace,
            "readings": _by(readings.order_by("-read_on", "-id")[:SHOWN]),
            "outages": _with_end_forms(
                # Ongoing ones first (no end yet), then the latest.
                outages.order_by(F("ended_at").desc(nulls_first=True), "-started_at", "-id")[:SHOWN],
                utility.location,
                user.has_perm("locations.change_outage", utility),
                end_form,
            ),
            "reading_form": reading_form or (ReadingForm() if can_read else None),
            "outage_form": outage_form or (OutageForm(location=utility.location) if can_report else None),
            "can_change": user.has_perm("locations.change_utility", utility),
            "can_delete": user.has_perm("locations.delete_utility", utility),
        },
        status=status,
    )


def _with_end_forms(outages, location, can_end, refused):
    outages = list(outages)
    for outage in outages:
        outage.end_form = None
        if can_end and outage.ended_at is None:
            fresh = EndOutageForm(location=location, prefix=f"end-{outage.pk}")
            outage.end_form = refused if refused is not None and refused.prefix == fresh.prefix else fresh
    return outages


def _by(readings):
    readings = list(readings)
    for reading in readings:
        reading.by = display_name(reading.recorded_by) if reading.recorded_by else ""
    return readings


def _utility(request, pk, perm, refusal):
    return permitted(request, visible_or_404(Utility, request.user, pk, "location__workspace"), perm, refusal)


@require_POST
def add_reading(request, pk):
    found = _utility(request, pk, "locations.add_meterreading", _("You may not record meter readings here."))
    return form_action(
        request,
        ReadingForm(request.POST),
        save=lambda data: services.record_reading(found, actor=request.user, **data),
        redisplay=lambda form, status: utility(request, pk, reading_form=form, status=status),
        redirect_to=reverse("locations:utility", args=[pk]),
        success=_("Reading recorded."),
    )


@require_POST
def report_outage(request, pk):
    found = _utility(request, pk, "locations.add_outage", _("You may not report outages here."))
    return form_action(
        request,
        OutageForm(request.POST, location=found.location),
        save=lambda data: services.report_outage(found, actor=request.user, **data),
        redisplay=lambda form, status: utility(request, pk, outage_form=form, status=status),
        redirect_to=reverse("locations:utility", args=[pk]),
        success=_("Outage reported; it is on the incident log of the event on at the venue then, if any."),
    )


@require_POST
def end_outage(request, pk):
    outage = visible_or_404(Outage, request.user, pk, "utility__location")
    permitted(request, outage, "locations.change_outage", _("You may not end this outage."))
    back = outage.utility_id
    return form_action(
        request,
        EndOutageForm(request.POST, location=outage.utility.location, prefix=f"end-{outage.pk}"),
        save=lambda data: services.end_outage(outage, actor=request.user, ended_at=data["ended_at"]),
        redisplay=lambda form, status: utility(request, back, end_form=form, status=status),
        redirect_to=reverse("locations:utility", args=[back]),
        success=lambda ended: _("Marked over: the outage lasted %(duration)s.") % {"duration": ended.duration},
        refusal_field="ended_at",
    )


def edit_utility(request, pk):
    found = _utility(request, pk, "locations.change_utility", _("You may not change this utility."))
    return form_page(
        request,
        UtilityForm(request.POST or None, initial=initial_from(found, services.UTILITY_FIELDS)),
        save=lambda data: services.update_utility(found, actor=request.user, **data),
        template="locations/utility_form.html",
        context={"utility": found, "location": found.location, "workspace": found.location.workspace},
        redirect_to=lambda saved: reverse("locations:utility", args=[saved.pk]),
        success=_("Utility saved."),
        versioned=found,
    )


@require_POST
def delete_utility(request, pk):
    found = _utility(request, pk, "locations.delete_utility", _("You may not remove this utility."))
    return action_page(
        request,
        lambda: services.delete_utility(found, actor=request.user),
        redirect_to=reverse("locations:detail", args=[found.location_id]),
        success=_("%(utility)s removed, with its readings and outages.") % {"utility": found.get_kind_display()},
    )
