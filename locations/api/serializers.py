from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin, VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.models import Workspace

from ..models import Location, MeterReading, Outage, SiteMap, Utility, Zone
from ..services import LOCATION_FIELDS, UTILITY_FIELDS, ZONE_FIELDS


class LocationSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    parent = VisibleRelatedField(Location, required=False, allow_null=True)
    warnings = serializers.SerializerMethodField(
        help_text=gettext_lazy("On a new venue: other venues of this workspace with its name (maybe the same place).")
    )

    version = VersionField()

    class Meta:
        model = Location
        fields = ["id", "version", "workspace", *LOCATION_FIELDS, "warnings", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def get_warnings(self, obj) -> list[str]:
        return getattr(obj, "warnings", [])  # set by services.create_location; a read says nothing


class SiteMapSerializer(serializers.ModelSerializer):
    location = VisibleRelatedField(Location)
    upload = serializers.FileField(
        write_only=True, help_text=gettext_lazy("The plan: an image (to place pins on) or a PDF.")
    )

    version = VersionField()

    class Meta:
        model = SiteMap
        fields = ["version", "id", "location", "name", "plan", "upload", "created_at"]
        read_only_fields = ["plan", "created_at"]


class ZoneSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    site_map = VisibleRelatedField(SiteMap)
    points = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        help_text=gettext_lazy(
            "[[x, y], …] relative to the plan, 0..1 from its top left: one for a pin, 3 or more for a zone."
        ),
    )

    version = VersionField()

    class Meta:
        model = Zone
        fields = ["version", "id", "site_map", *ZONE_FIELDS, "created_at"]
        read_only_fields = ["created_at"]


class UtilitySerializer(InlineChoicesMixin, serializers.ModelSerializer):
    location = VisibleRelatedField(Location)

    version = VersionField()

    class Meta:
        model = Utility
        fields = ["version", "id", "location", *UTILITY_FIELDS, "created_at"]
        read_only_fields = ["created_at"]


class MeterReadingSerializer(serializers.ModelSerializer):
    utility = VisibleRelatedField(Utility)

    class Meta:
        model = MeterReading
        fields = ["id", "utility", "read_on", "value", "recorded_by", "created_at"]
        read_only_fields = ["recorded_by", "created_at"]


class OutageSerializer(serializers.ModelSerializer):
    utility = VisibleRelatedField(Utility)

    class Meta:
        model = Outage
        fields = ["id", "utility", "started_at", "ended_at", "description", "reported_by", "created_at"]
        read_only_fields = ["reported_by", "created_at"]


class OutageOverSerializer(serializers.Serializer):
    ended_at = serializers.DateTimeField(help_text=gettext_lazy("When the outage ended (with its offset)."))
