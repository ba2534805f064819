from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dragonfly.core.api_fields import ColleagueField, InlineChoicesMixin, VisibleRelatedField
from dragonfly.core.serializers import VersionField
from events.models import Event
from locations.models import Zone

from ..models import MAX_PLUS_ONES, Accreditation, Allotment, GuestRequest


class AllotmentSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    event = VisibleRelatedField(Event)
    user = ColleagueField(required=False, allow_null=True)
    used = serializers.IntegerField(read_only=True, help_text=_("Places taken by approved guests and their plus-ones."))

    version = VersionField()

    class Meta:
        model = Allotment
        fields = ["version", "id", "event", "party", "kind", "places", "user", "notes", "used", "created_at"]
        read_only_fields = ["created_at"]
        validators: list = []  # the service words the "one allotment per party" rule


class GuestRequestSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    allotment = VisibleRelatedField(Allotment)
    plus_ones = serializers.IntegerField(min_value=0, max_value=MAX_PLUS_ONES, default=0)

    class Meta:
        model = GuestRequest
        fields = [
            "id",
            "event",
            "allotment",
            "name",
            "plus_ones",
            "note",
            "status",
            "door_code",
            "decided_at",
            "checked_in_at",
            "plus_ones_in",
            "created_at",
        ]
        read_only_fields = ["event", "status", "door_code", "decided_at", "checked_in_at", "plus_ones_in", "created_at"]


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class CheckInSerializer(serializers.Serializer):
    plus_ones = serializers.IntegerField(min_value=0, max_value=MAX_PLUS_ONES, default=0)


class DoorCountsSerializer(serializers.Serializer):
    checked_in = serializers.IntegerField(help_text=_("Guests and plus-ones through the door."))
    expected = serializers.IntegerField(help_text=_("Approved guests and their plus-ones."))
    guests_in = serializers.IntegerField()
    guests = serializers.IntegerField()


class AccreditationSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    event = VisibleRelatedField(Event)
    zones = VisibleRelatedField(Zone, many=True, required=False)
    guest = VisibleRelatedField(GuestRequest, required=False, allow_null=True)
    user = ColleagueField(required=False, allow_null=True)

    class Meta:
        model = Accreditation
        fields = ["id", "event", "name", "role", "kind", "user", "guest", "zones", "created_at"]
        read_only_fields = ["created_at"]
