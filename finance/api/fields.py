from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.INT)
class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key among the rows the requesting user may see: another organization's id
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
    """A user id among the people of the requesting user's organizations."""

    def get_queryset(self):
        from ..filters import colleagues

        request = self.context.get("request")
        return colleagues(request) if request is not None else None
