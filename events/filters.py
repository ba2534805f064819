"""Filters shared by the calendar pages, the lists and the API."""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import DateFilter, MultiChoiceFilter, visible_choices
from locations.filters import visible_locations
from productions.filters import visible_productions, visible_workspaces

from .models import (
    MAX_EVENT_DURATION,
    Cue,
    Event,
    EventKind,
    EventSeries,
    EventStatus,
    Incident,
    IncidentCategory,
    IncidentStatus,
    Severity,
)

visible_events = visible_choices(Event, "location")  # an event's label reads its venue-local date


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), datetime.UTC)


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    production = django_filters.ModelChoiceFilter(queryset=visible_productions, label=_("Production"))
    location = django_filters.ModelChoiceFilter(queryset=visible_locations, method="filter_location", label=_("Venue"))
    kind = MultiChoiceFilter(choices=EventKind.choices, label=_("Type"))
    status = MultiChoiceFilter(choices=EventStatus.choices, label=_("Status"))
    workspace = django_filters.ModelChoiceFilter(queryset=visible_workspaces, label=_("Workspace"))
    series = django_filters.ModelChoiceFilter(queryset=visible_choices(EventSeries), label=_("Series"))
    # A range on starts_at (bounded by the longest event) keeps the (…, starts_at) indexes in use.
    starts_after = DateFilter(method="filter_after", label=_("From"))
    starts_before = DateFilter(method="filter_before", label=_("Until"))

    class Meta:
        model = Event
        fields = ["series"]

    def filter_location(self, queryset, name, value):
        # A venue includes the stages and rooms inside it.
        return queryset.filter(Q(location=value) | Q(location__parent=value))

    def filter_after(self, queryset, name, value):
        start = _day_start(value)
        return queryset.filter(ends_at__gt=start, starts_at__gt=start - MAX_EVENT_DURATION)

    def filter_before(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_day_start(value + datetime.timedelta(days=1)))


class IncidentFilter(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=visible_events, label=_("Event"))
    production = django_filters.ModelChoiceFilter(
        queryset=visible_productions, field_name="event__production", label=_("Production")
    )
    severity = MultiChoiceFilter(choices=Severity.choices, label=_("Severity"))
    category = MultiChoiceFilter(choices=IncidentCategory.choices, label=_("Category"))
    status = MultiChoiceFilter(choices=IncidentStatus.choices, label=_("Status"))

    class Meta:
        model = Incident
        fields = []


class CueFilter(django_filters.FilterSet):
    event = django_filters.ModelChoiceFilter(queryset=visible_events, label=_("Event"))

    class Meta:
        model = Cue
        fields = ["department", "status"]
