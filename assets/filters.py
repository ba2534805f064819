"""Filters shared by the assets pages and the API. Choice fields list only what the user may see."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import IdFilter, NameSearchFilterSet, visible_choices
from productions.models import Production

from .models import (
    Asset,
    AssetStatus,
    Kit,
    MaintenanceKind,
    MaintenanceRecord,
    MaintenanceSchedule,
    MaintenanceStatus,
    Reservation,
    ReservationItem,
    ReservationStatus,
)

DATE = forms.DateInput(attrs={"type": "date"})


visible_kits = visible_choices(Kit)
visible_assets = visible_choices(Asset)
visible_productions = visible_choices(Production)


class AssetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    category = django_filters.CharFilter(label=_("Category"), lookup_expr="iexact")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AssetStatus.choices)
    location = django_filters.CharFilter(field_name="home_location", lookup_expr="icontains", label=_("Location"))
    kit = django_filters.ModelChoiceFilter(label=_("Kit"), queryset=visible_kits, field_name="kits")
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))

    class Meta:
        model = Asset
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)


class KitFilter(NameSearchFilterSet):
    class Meta:
        model = Kit
        fields = []


class ReservationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReservationStatus.choices)
    # By tag or id, not a choice list: a warehouse has thousands of assets.
    tag = django_filters.CharFilter(method="filter_tag", label=_("Asset tag"))
    asset = django_filters.NumberFilter(method="filter_asset", label=_("Asset"))
    kit = django_filters.ModelChoiceFilter(label=_("Kit"), queryset=visible_kits)
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    event = django_filters.NumberFilter(field_name="event_id", label=_("Event"))
    on_or_after = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("On or after"), widget=DATE
    )
    on_or_before = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label=_("On or before"),
        widget=DATE,
    )
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))

    class Meta:
        model = Reservation
        fields = []

    def filter_tag(self, queryset, name, value):
        return queryset.filter(
            Exists(ReservationItem.objects.filter(reservation=OuterRef("pk"), asset__tag__iexact=value.strip()))
        )

    def filter_asset(self, queryset, name, value):
        return queryset.filter(Exists(ReservationItem.objects.filter(reservation=OuterRef("pk"), asset_id=value)))


class MaintenanceRecordFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MaintenanceStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MaintenanceKind.choices)
    tag = django_filters.CharFilter(field_name="asset__tag", lookup_expr="iexact", label=_("Asset tag"))
    asset = django_filters.NumberFilter(field_name="asset_id", label=_("Asset"))
    due_before = django_filters.DateFilter(label=_("Due by"), field_name="due_on", lookup_expr="lte", widget=DATE)
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))

    class Meta:
        model = MaintenanceRecord
        fields = []


class MaintenanceScheduleFilter(django_filters.FilterSet):
    asset = django_filters.NumberFilter(field_name="asset_id", label=_("Asset"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MaintenanceKind.choices)
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = MaintenanceSchedule
        fields = []
