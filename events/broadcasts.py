"""The crews a broadcast can reach (dragonfly.broadcasts): an event's, and a production's (every
crew call on its events, and its production manager)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.broadcasts.audiences import register
from productions.models import Production, ProductionStatus

from .models import CrewCall, Event

CHOICES = 50  # the form lists the nearest ones; the API takes any visible id


def event_crew(event):
    return CrewCall.objects.filter(event=event).values_list("user_id", flat=True)


def production_crew(production):
    crew = set(CrewCall.objects.filter(event__production=production).values_list("user_id", flat=True))
    if production.production_manager_id:
        crew.add(production.production_manager_id)
    return crew


def current_events(user, workspace):
    since = timezone.now() - timedelta(days=1)
    return (
        Event.objects.visible_to(user).filter(workspace=workspace, ends_at__gte=since).order_by("starts_at")[:CHOICES]
    )


def current_productions(user, workspace):
    closed = [ProductionStatus.COMPLETED, ProductionStatus.CANCELLED]
    return Production.objects.visible_to(user).filter(workspace=workspace).exclude(status__in=closed)[:CHOICES]


def register_audiences():
    register(
        "events.event",
        _("An event's crew"),
        people=event_crew,
        choices=current_events,
        url=lambda event: reverse("events:event", args=[event.pk]),
    )
    register(
        "productions.production",
        _("A production's crew"),
        people=production_crew,
        choices=current_productions,
        url=lambda production: reverse("productions:detail", args=[production.pk]),
    )
