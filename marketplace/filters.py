"""Listing and order filters shared by the marketplace pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import MultiChoiceFilter, visible_choices

from .models import Listing, ListingCategory, ListingKind, ListingStatus, Order, OrderStatus


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = MultiChoiceFilter(choices=ListingKind.choices, label=_("Kind"))
    category = MultiChoiceFilter(choices=ListingCategory.choices, label=_("Category"))
    status = MultiChoiceFilter(choices=ListingStatus.choices, label=_("Status"))

    class Meta:
        model = Listing
        fields = ["workspace"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class OrderFilter(django_filters.FilterSet):
    status = MultiChoiceFilter(choices=OrderStatus.choices, label=_("Status"))
    # The listings the user may see; on a workspace's page, that workspace's own (never another's by name).
    listing = django_filters.ModelChoiceFilter(queryset=visible_choices(Listing), label=_("Listing"))

    class Meta:
        model = Order
        fields = ["workspace", "buyer_workspace", "listing"]
