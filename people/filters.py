"""Filters shared by the people pages and the API, so a list means the same in both.

Choice fields list only what the user may see (and, on a workspace page, only that
workspace's rows), so a filter can never name another organization's team or person.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import IdFilter, NameSearchFilterSet, visible_choices
from dragonfly.core.picker import PickerField, PickerWidget
from productions.models import Production

from .models import Assignment, Certification, CertificationKind, Person, Team, TimeEntry, TimeStatus, Unavailability

DATE = forms.DateInput(attrs={"type": "date"})


def search_people(queryset, text):
    return queryset.search(text).order_by("first_name", "last_name", "id")


visible_teams = visible_choices(Team)
visible_people = visible_choices(Person)
visible_productions = visible_choices(Production)


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    team = django_filters.ModelChoiceFilter(queryset=visible_teams, label=_("Team"))
    department = django_filters.CharFilter(lookup_expr="iexact", label=_("Department"))
    skill = django_filters.CharFilter(field_name="skills", lookup_expr="icontains", label=_("Skill"))
    certification = django_filters.ChoiceFilter(
        choices=CertificationKind.choices, method="filter_certification", label=_("Holds certificate")
    )
    active = django_filters.BooleanFilter(label=_("Active"))
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))

    class Meta:
        model = Person
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_certification(self, queryset, name, value):
        certs = Certification.objects.filter(person=OuterRef("pk"), kind=value)
        return queryset.filter(Exists(certs))


class TeamFilter(NameSearchFilterSet):
    class Meta:
        model = Team
        fields = []


class CertificationFilter(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(queryset=visible_people, label=_("Person"))
    kind = django_filters.ChoiceFilter(choices=CertificationKind.choices, label=_("Type"))
    expires_before = django_filters.DateFilter(
        label=_("Expires by"), field_name="expires_on", lookup_expr="lte", widget=DATE
    )
    expires_after = django_filters.DateFilter(
        label=_("Expires from"), field_name="expires_on", lookup_expr="gte", widget=DATE
    )

    class Meta:
        model = Certification
        fields = []


class AssignmentFilter(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(queryset=visible_people, label=_("Person"))
    production = django_filters.ModelChoiceFilter(queryset=visible_productions, label=_("Production"))
    event = django_filters.NumberFilter(field_name="event_id", label=_("Event"))
    starts_after = django_filters.IsoDateTimeFilter(field_name="end_time", lookup_expr="gte", label=_("Ends after"))
    starts_before = django_filters.IsoDateTimeFilter(field_name="call_time", lookup_expr="lt", label=_("Starts before"))
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))

    class Meta:
        model = Assignment
        fields = []


class UnavailabilityFilter(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(queryset=visible_people, label=_("Person"))
    on_or_after = django_filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("On or after"), widget=DATE
    )
    on_or_before = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label=_("On or before"),
        widget=DATE,
    )

    class Meta:
        model = Unavailability
        fields = []


class PersonPickerFilter(django_filters.ModelChoiceFilter):
    """The person filter as a search-as-you-type picker (dragonfly/core/picker.py): a workspace has
    thousands of crew records, so the page renders only the chosen one."""

    field_class = PickerField


class TimeEntryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TimeStatus.choices, label=_("Status"))
    person = PersonPickerFilter(queryset=visible_people, label=_("Person"), search=search_people)
    production = django_filters.ModelChoiceFilter(queryset=visible_productions, label=_("Production"))
    worked_after = django_filters.DateFilter(field_name="work_date", lookup_expr="gte", label=_("From"), widget=DATE)
    worked_before = django_filters.DateFilter(field_name="work_date", lookup_expr="lte", label=_("To"), widget=DATE)
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))

    class Meta:
        model = TimeEntry
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workspace = getattr(self.request, "filter_workspace", None)
        if workspace is not None:  # a workspace page: the picker asks that workspace's crew
            url = reverse("people:person_picker", args=[workspace.organization.slug, workspace.slug])
            self.filters["person"].extra["widget"] = PickerWidget(url=url)
