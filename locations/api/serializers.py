from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin, VisibleRelatedField
from dragonfly.tenancy.models import Workspace

from ..models import Location
from ..services import LOCATION_FIELDS


class LocationSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    parent = VisibleRelatedField(Location, required=False, allow_null=True)
    warnings = serializers.SerializerMethodField(
        help_text=gettext_lazy("On a new venue: other venues of this workspace with its name (maybe the same place).")
    )

    class Meta:
        model = Location
        fields = ["id", "workspace", *LOCATION_FIELDS, "warnings", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_warnings(self, obj) -> list[str]:
        return getattr(obj, "warnings", [])  # set by services.create_location; a read says nothing
