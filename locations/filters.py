"""Venue filters shared by the venue list page and the API; choices come from what the user may see."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import MultiChoiceFilter, visible_choices

from .models import Location, LocationKind, MeterReading, Outage, SiteMap, Utility, UtilityKind, Zone, ZoneKind

visible_locations = visible_choices(Location, "parent")  # venues and spaces


class LocationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = MultiChoiceFilter(choices=LocationKind.choices, label=_("Kind"))
    parent = django_filters.ModelChoiceFilter(queryset=visible_locations, label=_("Inside venue"))
    top_level = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("Venues only"))

    class Meta:
        model = Location
        fields = ["workspace"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(city__icontains=value))


# --- site maps and utilities (the API's lists) ---------------------------------------------------
class SiteMapFilter(django_filters.FilterSet):
    location = django_filters.ModelChoiceFilter(queryset=visible_locations, label=_("Venue"))

    class Meta:
        model = SiteMap
        fields = ["location"]


class ZoneFilter(django_filters.FilterSet):
    site_map = django_filters.ModelChoiceFilter(queryset=visible_choices(SiteMap), label=_("Site map"))
    location = django_filters.ModelChoiceFilter(
        queryset=visible_locations, field_name="site_map__location", label=_("Venue")
    )
    kind = MultiChoiceFilter(choices=ZoneKind.choices, label=_("Kind"))

    class Meta:
        model = Zone
        fields = ["site_map"]


class UtilityFilter(django_filters.FilterSet):
    location = django_filters.ModelChoiceFilter(queryset=visible_locations, label=_("Venue"))
    kind = MultiChoiceFilter(choices=UtilityKind.choices, label=_("Utility"))

    class Meta:
        model = Utility
        fields = ["location"]


visible_utilities = visible_choices(Utility, "location")


class MeterReadingFilter(django_filters.FilterSet):
    utility = django_filters.ModelChoiceFilter(queryset=visible_utilities, label=_("Utility"))

    class Meta:
        model = MeterReading
        fields = ["utility"]


class OutageFilter(django_filters.FilterSet):
    utility = django_filters.ModelChoiceFilter(queryset=visible_utilities, label=_("Utility"))

    class Meta:
        model = Outage
        fields = ["utility"]
