"""Serializer fields every module's API shares: foreign keys narrowed to what the user may see,
and choice fields whose OpenAPI enum is written in place."""

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def workspace_id_of(obj: Any) -> Any:
    """The id of the workspace `obj` belongs to (a workspace is its own; None for an organization-wide
    row), read along the model's `workspace_path` without loading the workspace."""
    if obj._meta.label == "tenancy.Workspace":
        return obj.pk
    *path, last = getattr(type(obj), "workspace_path", "workspace").split("__")
    for part in path:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def _object_workspace(field: serializers.Field, named: Any = None) -> Any:
    """The id of the workspace of the object being written: the instance's on an update, else the
    first workspace a related field of the body named (`named`, when it is the first)."""
    root: Any = field.root
    if getattr(root, "_object_workspace", None) is None:
        instance = getattr(root, "instance", None)
        root._object_workspace = (workspace_id_of(instance) if isinstance(instance, models.Model) else None) or named
    return root._object_workspace


def _workspace_name(pk: Any) -> str:
    from dragonfly.tenancy.models import Workspace

    return Workspace.objects.get(pk=pk).name


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key limited to rows the requesting user may see (`Model.objects.visible_to(user)`, or
    the rows they hold `perm` on): another organization's id reads exactly like one that does not exist.
    A row of another workspace than the object's is refused too (someone who sees both workspaces must
    not hang one's rows on the other's objects); naming the workspace itself is the services' business."""

    def __init__(self, model: Any, perm: str | None = None, **kwargs: Any) -> None:
        self.model, self.perm = model, perm
        self.select = kwargs.pop("select_related", ())
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        manager = self.model.objects
        queryset = manager.visible_to(request.user, self.perm) if self.perm else manager.visible_to(request.user)
        return queryset.select_related(*self.select) if self.select else queryset

    def to_internal_value(self, data: Any) -> Any:
        obj = super().to_internal_value(data)
        own = workspace_id_of(obj)
        if own is None:
            return obj
        expected = _object_workspace(self, named=own)
        if own != expected and obj._meta.label != "tenancy.Workspace":
            raise serializers.ValidationError(
                _("Choose a %(thing)s of the workspace “%(expected)s”: this one belongs to “%(own)s”.")
                % {
                    "thing": obj._meta.verbose_name,
                    "expected": _workspace_name(expected),
                    "own": _workspace_name(own),
                }
            )
        return obj


@extend_schema_field(OpenApiTypes.INT)
class ColleagueField(serializers.PrimaryKeyRelatedField):
    """A user id among the people of the requesting user's organizations; when the object's workspace
    is known (an update, or a workspace named before), among that workspace's people."""

    def get_queryset(self) -> Any:
        from .filters import colleagues

        request = self.context.get("request")
        return colleagues(request) if request is not None else None

    def to_internal_value(self, data: Any) -> Any:
        from dragonfly.tenancy.access import display_name, workspace_people
        from dragonfly.tenancy.models import Workspace

        person = super().to_internal_value(data)
        pk = _object_workspace(self)
        workspace = Workspace.objects.get(pk=pk) if pk is not None else None
        if workspace is not None and not workspace_people(workspace).filter(pk=person.pk).exists():
            raise serializers.ValidationError(
                _("%(person)s is not a member of the workspace “%(workspace)s”: choose one of its people.")
                % {"person": display_name(person), "workspace": workspace.name}
            )
        return person


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
