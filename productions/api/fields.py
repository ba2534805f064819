"""Serializer fields shared by the productions and events APIs."""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key limited to rows the requesting user may see: another organization's id
    reads exactly like one that does not exist."""

    def __init__(self, model, **kwargs):
        self.model = model
        self.select = kwargs.pop("select_related", ())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        queryset = self.model.objects.visible_to(request.user)
        return queryset.select_related(*self.select) if self.select else queryset


@extend_schema_field(OpenApiTypes.INT)
class ColleagueField(serializers.PrimaryKeyRelatedField):
    """A user id among the people of the requesting user's organizations (the services then
    check that the person belongs to the object's workspace)."""

    def get_queryset(self):
        from productions.filters import colleagues

        request = self.context.get("request")
        return colleagues(request) if request is not None else None


class AwareDateTimeField(serializers.DateTimeField):
    """A moment in time: the UTC offset is required, so "19:00" is never guessed."""

    def to_internal_value(self, value):
        result = super().to_internal_value(value)
        if isinstance(value, str) and not _has_offset(value):
            raise serializers.ValidationError("Include the UTC offset, e.g. 2027-03-14T19:00:00+01:00 or …Z.")
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


class InlineChoiceField(serializers.ChoiceField):
    """A choice field whose OpenAPI enum is written in place, not as a named component: "status"
    and "kind" mean different sets in different models, and shared names would collide."""

    def __init__(self, choices, enum_id=None, **kwargs):
        super().__init__(choices, **kwargs)
        from drf_spectacular.drainage import set_override

        schema = {"type": "string", "enum": [str(key) for key in self.choices]}
        if enum_id:  # the same values under another name (task.status / move.to_status) stay apart
            schema["x-spec-enum-id"] = enum_id
        set_override(self, "field", schema)


class InlineChoicesMixin:
    """For ModelSerializers: model fields with choices get an InlineChoiceField."""

    serializer_choice_field = InlineChoiceField
