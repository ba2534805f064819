"""Filters shared by the jobs list pages and the API; choices come from what the user may see."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import MultiChoiceFilter, visible_choices
from finance.models import Company
from people.models import Person

from .models import Contract, ContractStatus, JobPosting, PostingStatus


class PostingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    status = MultiChoiceFilter(choices=PostingStatus.choices, label=_("Status"))

    class Meta:
        model = JobPosting
        fields = ["workspace", "public"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))


class ContractFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    status = MultiChoiceFilter(choices=ContractStatus.choices, label=_("Status"))
    person = django_filters.ModelChoiceFilter(queryset=visible_choices(Person), label=_("Freelancer"))
    company = django_filters.ModelChoiceFilter(queryset=visible_choices(Company), label=_("Company"))

    class Meta:
        model = Contract
        fields = ["workspace"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(person__last_name__icontains=value)
            | Q(person__first_name__icontains=value)
            | Q(company__name__icontains=value)
        )
