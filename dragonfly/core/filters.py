"""Pieces every module's filtersets share (django-filter, one filterset per list for pages and API)."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation

from dragonfly.tenancy.access import display_name, people_visible_to


class CommaSeparatedMultipleChoiceField(forms.MultipleChoiceField):
    """Accepts `?status=a&status=b` (forms) and `?status=a,b` (API clients) alike."""

    def to_python(self, value):
        values = super().to_python([value] if isinstance(value, str) else value)
        return [part.strip() for v in values for part in v.split(",") if part.strip()]


class MultiChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CommaSeparatedMultipleChoiceField


class IdFilter(django_filters.Filter):
    """A row id in the query string (`?workspace=3`): a whole number a database key can hold. A plain
    NumberFilter takes any decimal, and `-6e261` reached SQLite as an integer too large (a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class NameSearchFilterSet(django_filters.FilterSet):
    """A list searched by name (a team, a kit), narrowed to one workspace by id in the API."""

    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))


def visible_choices(model, *related, order=(), narrow=True):
    """A filter's choices as a function of the request: the rows of `model` the signed-in user may see,
    so a filter can never name another organization's rows. On a workspace page (the view sets
    `request.filter_workspace`) they are that workspace's rows, unless `narrow` is False."""

    def choices(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return model.objects.none()
        queryset = model.objects.visible_to(user)
        workspace = getattr(request, "filter_workspace", None) if narrow else None
        if workspace is not None:
            queryset = queryset.in_workspace(workspace)
        if related:
            queryset = queryset.select_related(*related)
        return queryset.order_by(*order) if order else queryset

    return choices


class PersonChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    """A filter on a person (an owner, an assignee): the signed-in user's colleagues, named the one way."""

    field_class = PersonChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", colleagues)
        super().__init__(*args, **kwargs)


def colleagues(request):
    """Whom a filter or a field may name as an owner, an assignee, who spent it: the people the
    signed-in user may see (`people_visible_to`), only the workspace's on a workspace page."""
    return people_visible_to(getattr(request, "user", None), getattr(request, "filter_workspace", None))


# A day's bounds are computed (the next midnight, a window before it) and sent to the database as
# aware datetimes: the first and last days of the calendar overflow. Live events fit well inside.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


def validate_calendar_date(value: datetime.date) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


class CalendarDateField(forms.DateField):
    default_validators = [validate_calendar_date]


class DateFilter(django_filters.DateFilter):
    """django-filter's DateFilter, refusing dates outside EARLIEST_DATE…LATEST_DATE with a field error."""

    field_class = CalendarDateField


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend (every viewset's, settings' DEFAULT_FILTER_BACKENDS): a list request
    builds and checks only the filters its query string names. A filter it does not name filters
    nothing (no value), so leaving it out changes no answer, and saves building its form field and,
    for a choice filter, its rows (`visible_choices`, `colleagues`: a `visible_to` of the user's
    access each). A named filter still checks its value against the rows the user may see. The
    browsable API's filter form (`to_html`) and the OpenAPI schema (the filterset class) still see
    every filter as declared."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        params = request.query_params
        filterset.filters = {name: used for name, used in filterset.filters.items() if _named(params, name)}
        if not filterset.is_valid() and self.raise_exception:
            raise translate_validation(filterset.errors)
        return filterset.qs


def _named(params, name):
    # the field's own name, or a widget's part of it (a picker's `<name>_text`, a range's `<name>_min`)
    return any(key == name or key.startswith(name + "_") for key in params)
