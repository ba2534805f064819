"""The Schedule tab of a production page: the production's events, upcoming (or all), in each
venue's timezone. Registered with productions (events.extensions), which mounts it at
/productions/<pk>/schedule/."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dragonfly.core.pages import paginate
from productions.pages import production_page

from ..models import Event
from ._common import safe_querystring


def production_schedule(request, pk):
    production, context = production_page(request, pk, "schedule")
    events = (
        Event.objects.visible_to(request.user)
        .filter(production=production)
        .select_related("location", "location__parent")
        .order_by("starts_at", "id")
    )
    show_past = request.GET.get("past") == "1"
    workspace = production.workspace
    if not show_past:
        events = events.filter(ends_at__gte=timezone.now())
    context.update(
        {
            "page": paginate(request, events, 50),
            "show_past": show_past,
            # The empty schedule's button opens a new event already set to this production.
            "new_event_url": reverse("events:new", args=[workspace.organization.slug, workspace.slug])
            + f"?production={production.pk}",
            "querystring": safe_querystring(request),
        }
    )
    return render(request, "events/production_schedule.html", context)
