from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dragonfly.core.serializers import VersionField

from ..catalog import event_types
from ..models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


class EndpointSerializer(serializers.ModelSerializer):
    """A webhook endpoint. `secret` is the Standard Webhooks signing secret (`whsec_…`)."""

    event_types = serializers.ListField(
        child=serializers.CharField(max_length=100),
        min_length=1,
        max_length=200,
        help_text="Event types (see /api/webhooks/endpoints/event-types/), or patterns such as `advance.*` or `*`.",
    )
    organization = serializers.IntegerField(
        source="organization_id",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The organization (default: the one you administer; required when you administer several).",
    )

    version = VersionField()

    class Meta:
        model = WebhookEndpoint
        fields = [
            "version",
            "id",
            "organization",
            "url",
            "description",
            "event_types",
            "active",
            "secret",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "secret",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]


class EndpointEditSerializer(EndpointSerializer):
    class Meta(EndpointSerializer.Meta):
        read_only_fields = [*EndpointSerializer.Meta.read_only_fields, "organization"]


class DeliverySerializer(serializers.ModelSerializer):
    """One message to one endpoint: its last attempt's answer, and when the next one is due."""

    status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)
    payload = serializers.SerializerMethodField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "endpoint",
            "message_id",
            "event_type",
            "status",
            "attempts",
            "next_attempt_at",
            "last_attempt_at",
            "response_code",
            "latency_ms",
            "response_excerpt",
            "error",
            "replay_of",
            "created_at",
            "payload",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "description": "The versioned payload: `type`, `timestamp`, `data` (with `version`).",
            "properties": {
                "type": {"type": "string"},
                "timestamp": {"type": "string", "format": "date-time"},
                "data": {"type": "object", "additionalProperties": True},
            },
        }
    )
    def get_payload(self, obj):
        return obj.payload


class EventTypesSerializer(serializers.Serializer):
    event_types = serializers.ListField(child=serializers.CharField())

    @staticmethod
    def current():
        return {"event_types": list(event_types())}
