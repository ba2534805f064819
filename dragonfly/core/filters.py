"""Filters and fields shared by every module's lists: dates a calendar (and a database) can hold."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError

# A day's bounds are computed (the next midnight, a window before it) and sent to the database as
# aware datetimes: the first and last days of the calendar overflow. Live events fit well inside.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


def validate_calendar_date(value: datetime.date) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            "Enter a date between %(earliest)s and %(latest)s.",
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


class CalendarDateField(forms.DateField):
    default_validators = [validate_calendar_date]


class DateFilter(django_filters.DateFilter):
    """django-filter's DateFilter, refusing dates outside EARLIEST_DATE…LATEST_DATE with a field error."""

    field_class = CalendarDateField
