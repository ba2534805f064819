from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import VisibleRelatedField
from dragonfly.tenancy.models import Workspace

from ..models import MESSAGE_MAX, Broadcast


class BroadcastSerializer(serializers.ModelSerializer):
    """A broadcast. `audience` is `workspace` (everyone in it) or a crew: `events.event` or
    `productions.production`, with `target` the event's or production's id."""

    workspace = VisibleRelatedField(Workspace)
    audience = serializers.CharField(
        max_length=60, help_text=gettext_lazy("workspace, events.event or productions.production")
    )
    target = serializers.IntegerField(
        source="target_id", required=False, allow_null=True, min_value=1, max_value=2**63 - 1
    )
    message = serializers.CharField(max_length=MESSAGE_MAX)

    class Meta:
        model = Broadcast
        fields = [
            "id",
            "workspace",
            "audience",
            "target",
            "target_name",
            "message",
            "urgent",
            "sender",
            "recipient_count",
            "sent_at",
        ]
        read_only_fields = ["target_name", "sender", "recipient_count", "sent_at"]
