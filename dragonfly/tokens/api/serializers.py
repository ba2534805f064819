from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import APIToken


class APITokenSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    prefix = serializers.CharField(source="token_key", read_only=True, help_text=_("The token's first characters."))
    expires_at = serializers.DateTimeField(source="expiry", read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(source="created", read_only=True)
    scopes = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = APIToken
        fields = ["id", "name", "prefix", "scopes", "created_at", "expires_at", "last_used_at"]
        read_only_fields = fields


class NewTokenSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    scopes = serializers.ListField(
        child=serializers.CharField(max_length=60),
        min_length=1,
        max_length=60,
        help_text=_('e.g. ["read"] or ["advancing:write"]'),
    )
    expires_in_days = serializers.IntegerField(min_value=1, max_value=366, default=30)


class CreatedTokenSerializer(APITokenSerializer):
    token = serializers.CharField(read_only=True, help_text=_("The secret: shown this once, never again."))

    class Meta(APITokenSerializer.Meta):
        fields = [*APITokenSerializer.Meta.fields, "token"]
        read_only_fields = fields
