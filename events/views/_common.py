"""What every events page shares: fetching through visible_to (unseen → 404) and error statuses."""

from django.shortcuts import get_object_or_404

from dragonfly.core.pages import error_status, safe_querystring  # noqa: F401 (re-exported)

from ..models import CrewCall, Cue, Event, Incident


def get_event(request, pk):
    qs = Event.objects.visible_to(request.user).select_related(
        "workspace__organization",
        "location",
        "location__parent",
        "production",
        "production__production_manager",
        "series",
    )
    return get_object_or_404(qs, pk=pk)


def get_cue(request, pk):
    qs = Cue.objects.visible_to(request.user).select_related("event__workspace__organization")
    return get_object_or_404(qs, pk=pk)


def get_incident(request, pk):
    qs = Incident.objects.visible_to(request.user).select_related(
        "event__workspace__organization", "event__location", "event__production", "reported_by"
    )
    return get_object_or_404(qs, pk=pk)


def get_crew_call(request, pk):
    qs = CrewCall.objects.visible_to(request.user).select_related("event__workspace__organization", "user")
    return get_object_or_404(qs, pk=pk)
