"""What every events page shares: fetching through visible_to (unseen → 404) and error statuses."""

from dragonfly.core.pages import error_status, safe_querystring, visible_or_404  # noqa: F401 (re-exported)

from ..models import CrewCall, Cue, Event, Incident


def get_event(request, pk):
    return visible_or_404(
        Event,
        request.user,
        pk,
        "workspace__organization",
        "location",
        "location__parent",
        "zone",
        "production",
        "production__production_manager",
        "series",
    )


def get_cue(request, pk):
    return visible_or_404(Cue, request.user, pk, "event__workspace__organization")


def get_incident(request, pk):
    return visible_or_404(
        Incident,
        request.user,
        pk,
        "event__workspace__organization",
        "event__location",
        "event__production",
        "reported_by",
    )


def get_crew_call(request, pk):
    return visible_or_404(CrewCall, request.user, pk, "event__workspace__organization", "user")
