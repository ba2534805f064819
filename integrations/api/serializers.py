from rest_framework import serializers

from ..models import Connection


class ConnectionSerializer(serializers.ModelSerializer):
    """A connection's status; the credentials never leave the server (only the key's last four)."""

    connected = serializers.BooleanField(source="is_connected", read_only=True)

    class Meta:
        model = Connection
        fields = [
            "id",
            "organization",
            "kind",
            "provider",
            "enabled",
            "connected",
            "key_hint",
            "last_checked_at",
            "last_success_at",
            "last_error",
            "updated_at",
        ]
        read_only_fields = fields
