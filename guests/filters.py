"""Filters of the guest list API: by event, allotment and status."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Accreditation, Allotment, GuestRequest, GuestStatus


class AllotmentFilter(django_filters.FilterSet):
    event = django_filters.NumberFilter(field_name="event_id", label=_("Event"))

    class Meta:
        model = Allotment
        fields = ["event"]


class GuestRequestFilter(django_filters.FilterSet):
    event = django_filters.NumberFilter(field_name="event_id", label=_("Event"))
    allotment = django_filters.NumberFilter(field_name="allotment_id", label=_("Allotment"))
    status = django_filters.ChoiceFilter(choices=GuestStatus.choices, label=_("Status"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = GuestRequest
        fields = ["event", "allotment", "status", "q"]


class AccreditationFilter(django_filters.FilterSet):
    event = django_filters.NumberFilter(field_name="event_id", label=_("Event"))

    class Meta:
        model = Accreditation
        fields = ["event"]
