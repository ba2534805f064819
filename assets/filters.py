"""Filters shared by the assets pages and the API. Choice fields list only what the user may see."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from dragonfly.core.filters import NameSearchFilterSet, visible_choices
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
    q = django_filters.CharFilter(method="filter_search", label="Search")
    category = django_filters.CharFilter(lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=AssetStatus.choices)
    location = django_filters.CharFilter(field_name="home_location", lookup_expr="icontains", label="Location")
    kit = django_filters.ModelChoiceFilter(queryset=visible_kits, field_name="kits")
    workspace = django_filters.NumberFilter(field_name="workspace_id", label="Workspace")

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
    status = django_filters.ChoiceFilter(choices=ReservationStatus.choices)
    # By tag or id, not a choice list: a warehouse has thousands of assets.
    tag = django_filters.CharFilter(method="filter_tag", label="Asset tag")
    asset = django_filters.NumberFilter(method="filter_asset", label="Asset")
    kit = django_filters.ModelChoiceFilter(queryset=visible_kits)
    production = django_filters.ModelChoiceFilter(queryset=visible_productions)
    event = django_filters.NumberFilter(field_name="event_id", label="Event")
    on_or_after = django_filters.DateFilter(field_name="end_date", lookup_expr="gte", label="On or after", widget=DATE)
    on_or_before = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label="On or before",
        widget=DATE,
    )
    workspace = django_filters.NumberFilter(field_name="workspace_id", label="Workspace")

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
    status = django_filters.ChoiceFilter(choices=MaintenanceStatus.choices)
    kind = django_filters.ChoiceFilter(choices=MaintenanceKind.choices)
    tag = django_filters.CharFilter(field_name="asset__tag", lookup_expr="iexact", label="Asset tag")
    asset = django_filters.NumberFilter(field_name="asset_id", label="Asset")
    due_before = django_filters.DateFilter(label="Due by", field_name="due_on", lookup_expr="lte", widget=DATE)
    workspace = django_filters.NumberFilter(field_name="workspace_id", label="Workspace")

    class Meta:
        model = MaintenanceRecord
        fields = []


class MaintenanceScheduleFilter(django_filters.FilterSet):
    asset = django_filters.NumberFilter(field_name="asset_id", label="Asset")
    kind = django_filters.ChoiceFilter(choices=MaintenanceKind.choices)
    active = django_filters.BooleanFilter()

    class Meta:
        model = MaintenanceSchedule
        fields = []
