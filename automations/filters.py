import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AutomationRule, RunResult, UsageLog


class UsageLogFilter(django_filters.FilterSet):
    """The usage log's filters, shared by the page and the API."""

    rule = django_filters.ModelChoiceFilter(label=_("Rule"), queryset=AutomationRule.objects.none())
    result = django_filters.ChoiceFilter(label=_("Result"), choices=RunResult.choices)
    trigger_key = django_filters.CharFilter(label=_("Trigger"), lookup_expr="exact")
    since = django_filters.DateFilter(label=_("Since"), field_name="created_at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("Until"), field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = UsageLog
        fields = ["rule", "result", "trigger_key", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        self.filters["rule"].queryset = AutomationRule.objects.visible_to(user).order_by("name")
