"""Filters of the profiles API: one person's work history or endorsements (rows still from visible_to)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Endorsement, HistorySource, WorkHistoryEntry


class WorkHistoryFilter(django_filters.FilterSet):
    user = django_filters.NumberFilter(field_name="user_id", label=_("Person"))
    source = django_filters.ChoiceFilter(choices=HistorySource.choices, label=_("Source"))

    class Meta:
        model = WorkHistoryEntry
        fields = ["user", "source"]


class EndorsementFilter(django_filters.FilterSet):
    user = django_filters.NumberFilter(field_name="user_id", label=_("Endorsed person"))
    endorser = django_filters.NumberFilter(field_name="endorser_id", label=_("Endorser"))
    skill = django_filters.CharFilter(label=_("Skill"))

    class Meta:
        model = Endorsement
        fields = ["user", "endorser", "skill"]
