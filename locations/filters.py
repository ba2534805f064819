"""Venue filters shared by the venue list page and the API; choices come from what the user may see."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import MultiChoiceFilter, visible_choices

from .models import Location, LocationKind

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
