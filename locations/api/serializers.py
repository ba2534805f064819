from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin, VisibleRelatedField
from dragonfly.tenancy.models import Workspace

from ..models import Location
from ..services import LOCATION_FIELDS


class LocationSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    parent = VisibleRelatedField(Location, required=False, allow_null=True)

    class Meta:
        model = Location
        fields = ["id", "workspace", *LOCATION_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
