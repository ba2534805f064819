"""Filters shared by the pages and the API, so a list means the same thing in both."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import DateFilter, MultiChoiceFilter, PersonFilter, visible_choices
from dragonfly.tenancy.models import Workspace
from events.models import Event
from productions.models import Production

from .models import CATEGORY_CHOICES, Advance, AdvanceItem, AdvanceStatus, CatalogItem, Priority, priority_q

# ordering value -> ORDER BY. Every order ends in "id" so pages never overlap or skip rows.
ORDERINGS = {
    "submitted_at": ("submitted_at", "id"),
    "-submitted_at": ("-submitted_at", "-id"),
    "estimated_cost": ("estimated_cost", "id"),
    "-estimated_cost": ("-estimated_cost", "id"),
    "priority": ("-estimated_cost", "id"),  # high priority first
    "-priority": ("estimated_cost", "id"),
}
ORDERING_CHOICES = [
    ("submitted_at", _("Oldest first")),
    ("-submitted_at", _("Newest first")),
    ("estimated_cost", _("Cost, lowest first")),
    ("-estimated_cost", _("Cost, highest first")),
    ("priority", _("Priority, high first")),
    ("-priority", _("Priority, low first")),
]
DEFAULT_ORDERING = "submitted_at"


visible_workspaces = visible_choices(Workspace, "organization", narrow=False)
visible_productions = visible_choices(Production)
visible_events = visible_choices(Event)


def start_of_day(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AdvanceFilter(django_filters.FilterSet):
    status = MultiChoiceFilter(label=_("Status"), choices=AdvanceStatus.choices)
    workspace = django_filters.ModelChoiceFilter(label=_("Workspace"), queryset=visible_workspaces)
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    # The show day an advance is for (its day sheet); whole_production: those naming no show day.
    event = django_filters.ModelChoiceFilter(label=_("Show day"), queryset=visible_events)
    whole_production = django_filters.BooleanFilter(
        field_name="event", lookup_expr="isnull", label=_("For the whole production (no show day)")
    )
    team = django_filters.CharFilter(field_name="team_workspace", lookup_expr="icontains", label=_("Team"))
    activation = django_filters.CharFilter(field_name="activation_name", lookup_expr="icontains", label=_("Activation"))
    submitter = PersonFilter(label=_("Submitter"))
    category = django_filters.ChoiceFilter(label=_("Category"), choices=CATEGORY_CHOICES, method="filter_category")
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices, method="filter_priority")
    submitted_after = DateFilter(method="filter_submitted_after", label=_("Submitted on or after"))
    submitted_before = DateFilter(method="filter_submitted_before", label=_("Submitted on or before"))
    ordering = django_filters.ChoiceFilter(choices=ORDERING_CHOICES, method="filter_ordering", label=_("Sort"))
    # The platform spec's API names. The list is already narrowed to what the user sees,
    # so plain ids are safe here and cost no extra query.
    project_id = django_filters.NumberFilter(field_name="production_id", label=_("Production"))
    submitter_id = django_filters.NumberFilter(field_name="submitter_id", label=_("Submitter"))

    class Meta:
        model = Advance
        fields = []

    def filter_category(self, queryset, name, value):
        # EXISTS, not a join: an advance with three Technical lines is listed once.
        lines = AdvanceItem.objects.filter(advance=OuterRef("pk"), catalog_item__category=value)
        return queryset.filter(Exists(lines))

    def filter_priority(self, queryset, name, value):
        return queryset.filter(priority_q(value))

    def filter_submitted_after(self, queryset, name, value):
        # A range on the column (not __date) so the submitted_at indexes stay usable.
        return queryset.filter(submitted_at__gte=start_of_day(value))

    def filter_submitted_before(self, queryset, name, value):
        return queryset.filter(submitted_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*ORDERINGS[DEFAULT_ORDERING])
        return queryset


class CatalogFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=CATEGORY_CHOICES)
    subcategory = django_filters.CharFilter(lookup_expr="iexact")
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    class Meta:
        model = CatalogItem
        fields = ["category", "subcategory", "search"]

    def filter_search(self, queryset, name, value):
        return search_catalog(queryset, value)


def search_catalog(queryset, text):
    """Every word must appear in the name, subcategory, variations or specifications.

    `search_text` is a lower-cased generated column; on PostgreSQL a trigram GIN index on it
    answers LIKE '%word%' without scanning the table (see migration 0004)."""
    words = [w for w in text.lower().split() if w][:8]
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)
