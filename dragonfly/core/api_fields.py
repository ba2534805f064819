"""Serializer fields every module's API shares: foreign keys narrowed to what the user may see,
and choice fields whose OpenAPI enum is written in place."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key limited to rows the requesting user may see (`Model.objects.visible_to(user)`):
    another organization's id reads exactly like one that does not exist."""

    def __init__(self, model: Any, **kwargs: Any) -> None:
        self.model = model
        self.select = kwargs.pop("select_related", ())
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        queryset = self.model.objects.visible_to(request.user)
        return queryset.select_related(*self.select) if self.select else queryset


@extend_schema_field(OpenApiTypes.INT)
class ColleagueField(serializers.PrimaryKeyRelatedField):
    """A user id among the people of the requesting user's organizations (the services then
    check that the person belongs to the object's workspace)."""

    def get_queryset(self) -> Any:
        from .filters import colleagues

        request = self.context.get("request")
        return colleagues(request) if request is not None else None


class InlineChoiceField(serializers.ChoiceField):
    """A choice field whose OpenAPI enum is written in place, not as a named component: "status"
    and "kind" mean different sets in different models, and shared names would collide."""

    def __init__(self, choices: Any, enum_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(choices, **kwargs)
        from drf_spectacular.drainage import set_override

        values: list[Any] = [str(key) for key in self.choices]
        if self.allow_blank and "" not in values:
            values.append("")  # an unset optional choice (a milestone with no phase) reads ""
        schema: dict[str, Any] = {"type": "string", "enum": values}
        if self.allow_null:
            schema.update(nullable=True, enum=[*values, None])
        if enum_id:  # the same values under another name stay apart
            schema["x-spec-enum-id"] = enum_id
        set_override(self, "field", schema)


class InlineChoicesMixin:
    """For ModelSerializers: model fields with choices get an InlineChoiceField."""

    serializer_choice_field = InlineChoiceField
