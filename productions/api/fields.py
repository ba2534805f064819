"""Serializer fields shared by the productions and events APIs (the generic ones come from the core)."""

import datetime

from django.utils.translation import gettext as _
from rest_framework import serializers

from dragonfly.core.api_fields import ColleagueField, InlineChoiceField, InlineChoicesMixin, VisibleRelatedField

__all__ = ["AwareDateTimeField", "ColleagueField", "InlineChoiceField", "InlineChoicesMixin", "VisibleRelatedField"]


class AwareDateTimeField(serializers.DateTimeField):
    """A moment in time: the UTC offset is required, so "19:00" is never guessed."""

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if isinstance(value, str) and not _has_offset(value):
            raise serializers.ValidationError(_("Include the UTC offset, e.g. 2027-03-14T19:00:00+01:00 or …Z."))
        return result


def _has_offset(text):
    text = text.strip()
    if text.endswith(("Z", "z")):
        return True
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return False
    return parsed.tzinfo is not None
