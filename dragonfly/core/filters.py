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


def colleagues(request: Any) -> Any:
    """People of the organizations the user belongs to (everyone, for platform admins): the choices of
    a person filter or field, so it can never name someone of another organization."""
    from django.contrib.auth import get_user_model

    from dragonfly.tenancy.access import get_access

    user = getattr(request, "user", None)
    users = get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")
    if user is None or not user.is_authenticated:
        return users.none()
    access = get_access(user)
    if access.is_platform_admin:
        return users
    ids = get_user_model().objects.filter(memberships__organization_id__in=access.organization_ids).values("pk")
    return users.filter(pk__in=ids)
