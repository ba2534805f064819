"""Filter pieces every module's filtersets share (django-filter serves the pages and the API alike)."""

from typing import Any

import django_filters
from django import forms


class CommaSeparatedMultipleChoiceField(forms.MultipleChoiceField):
    """Accepts `?kind=a&kind=b` (forms) and `?kind=a,b` (API clients) alike."""

    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        return [part.strip() for v in values for part in v.split(",") if part.strip()]


class MultiChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CommaSeparatedMultipleChoiceField
