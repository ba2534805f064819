"""Filters shared by the pages and the API, so a list means the same thing in both.

Choice querysets are callables of the request: a filter can only name rows the user may see."""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import MultiChoiceFilter, PersonFilter, visible_choices
from dragonfly.tenancy.models import Workspace

from .models import (
    ComplianceItem,
    ComplianceKind,
    ComplianceStatus,
    Milestone,
    Production,
    ProductionStatus,
    ProductionType,
    Task,
    TaskPriority,
    TaskStatus,
    tag_q,
)

visible_workspaces = visible_choices(Workspace, narrow=False)
visible_productions = visible_choices(Production)


PRODUCTION_ORDERINGS = {
    "start_date": (F("start_date").asc(nulls_last=True), "name", "id"),
    "-start_date": (F("start_date").desc(nulls_last=True), "name", "id"),
    "name": ("name", "id"),
    "health": (F("health_score").asc(nulls_last=True), "id"),
    "-health": (F("health_score").desc(nulls_last=True), "id"),
    "status": ("status", "start_date", "id"),
}
PRODUCTION_ORDERING_CHOICES = [
    ("start_date", _("Start date")),
    ("-start_date", _("Start date, latest first")),
    ("name", _("Name")),
    ("health", _("Health, worst first")),
    ("-health", _("Health, best first")),
]
HEALTH_BANDS = [("poor", _("Poor (below 60)")), ("fair", _("Fair (60–79)")), ("good", _("Good (80+)"))]


class ProductionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    status = MultiChoiceFilter(label=_("Status"), choices=ProductionStatus.choices)
    type = django_filters.ChoiceFilter(label=_("Type"), choices=ProductionType.choices)
    workspace = django_filters.ModelChoiceFilter(label=_("Workspace"), queryset=visible_workspaces)
    production_manager = PersonFilter(label=_("Production manager"))
    tag = django_filters.CharFilter(method="filter_tag", label=_("Tag"))
    health = django_filters.ChoiceFilter(choices=HEALTH_BANDS, method="filter_health", label=_("Health"))
    starts_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("Starts on or after"))
    starts_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Starts on or before")
    )
    ordering = django_filters.ChoiceFilter(
        choices=PRODUCTION_ORDERING_CHOICES, method="filter_ordering", label=_("Sort")
    )

    class Meta:
        model = Production
        fields = []

    def filter_q(self, queryset, name, value):
        words = value.split()[:6]
        for word in words:
            queryset = queryset.filter(Q(name__icontains=word) | Q(code__icontains=word))
        return queryset

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tag_q(value)) if value.strip() else queryset

    def filter_health(self, queryset, name, value):
        return queryset.filter(
            {
                "poor": Q(health_score__lt=60),
                "fair": Q(health_score__gte=60, health_score__lt=80),
                "good": Q(health_score__gte=80),
            }[value]
        )

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*PRODUCTION_ORDERINGS[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*PRODUCTION_ORDERINGS["start_date"])
        return queryset


TASK_ORDERINGS = {
    "due_date": (F("due_date").asc(nulls_last=True), "id"),
    "-due_date": (F("due_date").desc(nulls_last=True), "id"),
    "priority": ("priority_rank", F("due_date").asc(nulls_last=True), "id"),
    "created": ("-created_at", "-id"),
}


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    status = MultiChoiceFilter(label=_("Status"), choices=TaskStatus.choices)
    priority = MultiChoiceFilter(label=_("Priority"), choices=TaskPriority.choices)
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    assignee = PersonFilter(label=_("Assignee"))
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due on or after"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open only"))
    ordering = django_filters.ChoiceFilter(
        choices=[
            ("due_date", _("Due date")),
            ("-due_date", _("Due date, latest first")),
            ("priority", _("Priority")),
            ("created", _("Newest")),
        ],
        method="filter_ordering",
        label=_("Sort"),
    )

    class Meta:
        model = Task
        fields = []

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(status=TaskStatus.DONE) if value else queryset.filter(status=TaskStatus.DONE)

    def filter_ordering(self, queryset, name, value):
        if value == "priority":
            from django.db.models import Case, IntegerField, Value, When

            from .models import PRIORITY_RANK

            rank = Case(
                *[When(priority=p, then=Value(r)) for p, r in PRIORITY_RANK.items()], output_field=IntegerField()
            )
            queryset = queryset.annotate(priority_rank=rank)
        return queryset.order_by(*TASK_ORDERINGS[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = queryset.order_by(*TASK_ORDERINGS["due_date"])
        return queryset


class MilestoneFilter(django_filters.FilterSet):
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    owner = PersonFilter(label=_("Owner"))
    done = django_filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True, label=_("Done"))
    due_before = django_filters.DateFilter(label=_("Due by"), field_name="due_date", lookup_expr="lte")
    due_after = django_filters.DateFilter(label=_("Due from"), field_name="due_date", lookup_expr="gte")

    class Meta:
        model = Milestone
        fields = ["phase"]


class ComplianceFilter(django_filters.FilterSet):
    production = django_filters.ModelChoiceFilter(label=_("Production"), queryset=visible_productions)
    kind = MultiChoiceFilter(label=_("Kind"), choices=ComplianceKind.choices)
    status = MultiChoiceFilter(label=_("Status"), choices=ComplianceStatus.choices)
    expires_before = django_filters.DateFilter(label=_("Expires by"), field_name="expires_on", lookup_expr="lte")
    required_before = django_filters.DateFilter(label=_("Needed by"), field_name="required_by", lookup_expr="lte")

    class Meta:
        model = ComplianceItem
        fields = []
