"""Filters shared by the resources pages and the API; choices come from what the user may see."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import MultiChoiceFilter, visible_choices

from .models import (
    ApplicationStatus,
    Category,
    Course,
    Enrolment,
    EnrolmentStatus,
    Grant,
    GrantApplication,
    Lesson,
    Material,
    MaterialKind,
)


class MaterialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    kind = MultiChoiceFilter(choices=MaterialKind.choices, label=_("Kind"))
    category = MultiChoiceFilter(choices=Category.choices, label=_("Category"))
    tag = django_filters.CharFilter(field_name="tags", lookup_expr="icontains", label=_("Tag"))

    class Meta:
        model = Material
        fields = ["workspace"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value) | Q(tags__icontains=value))


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    category = MultiChoiceFilter(choices=Category.choices, label=_("Category"))

    class Meta:
        model = Course
        fields = ["workspace"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))


class LessonFilter(django_filters.FilterSet):
    course = django_filters.ModelChoiceFilter(queryset=visible_choices(Course), label=_("Course"))

    class Meta:
        model = Lesson
        fields = ["course"]


class EnrolmentFilter(django_filters.FilterSet):
    course = django_filters.ModelChoiceFilter(queryset=visible_choices(Course), label=_("Course"))
    status = MultiChoiceFilter(choices=EnrolmentStatus.choices, label=_("Status"))

    class Meta:
        model = Enrolment
        fields = ["course"]


class GrantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    category = MultiChoiceFilter(choices=Category.choices, label=_("Category"))
    tag = django_filters.CharFilter(field_name="tags", lookup_expr="icontains", label=_("Tag"))
    deadline_from = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("Deadline from"))

    class Meta:
        model = Grant
        fields = ["workspace"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(funder__icontains=value)
            | Q(description__icontains=value)
            | Q(eligibility__icontains=value)
            | Q(tags__icontains=value)
        )


class GrantApplicationFilter(django_filters.FilterSet):
    grant = django_filters.ModelChoiceFilter(queryset=visible_choices(Grant), label=_("Grant"))
    status = MultiChoiceFilter(choices=ApplicationStatus.choices, label=_("Status"))

    class Meta:
        model = GrantApplication
        fields = ["grant", "workspace"]
