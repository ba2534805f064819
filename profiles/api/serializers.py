from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dragonfly.core.api_fields import ColleagueField, InlineChoicesMixin

from ..models import Endorsement, MemberProfile, WorkHistoryEntry
from ..querysets import MEMBERS, OUTSIDE
from ..services import HISTORY_FIELDS

SECTION_FIELDS = {"bio": ("bio", "links"), "skills": ("skills",), "history": (), "endorsements": ()}


class ProfileSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    """A profile as its reader may see it: a section its owner keeps from the reader reads null, and the
    privacy choices are the owner's alone to read. Phone, rates and emergency contacts are never here."""

    # A section hidden from the reader reads null, so the schema says these may be null; on a write a
    # null changes nothing (validate drops it).
    id = serializers.IntegerField(read_only=True, allow_null=True, help_text=gettext_lazy("Null until first saved."))
    name = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField(
        allow_null=True, help_text=gettext_lazy("The photo's public address, or null.")
    )
    skills = serializers.ListField(child=serializers.CharField(max_length=40), required=False, allow_null=True)
    links = serializers.ListField(child=serializers.CharField(max_length=300), required=False, allow_null=True)

    class Meta:
        model = MemberProfile
        fields = ["id", "user", "name", "headline", "photo", "bio", "links", "skills", *MemberProfile.VISIBILITY_FIELDS]
        read_only_fields = ["user"]
        extra_kwargs = {name: {"allow_null": True} for name in ("bio", *MemberProfile.VISIBILITY_FIELDS)}

    def validate(self, attrs):
        return {key: value for key, value in attrs.items() if value is not None}

    def get_name(self, obj) -> str:
        return obj.user.get_full_name() or obj.user.get_username()

    @extend_schema_field(OpenApiTypes.URI)
    def get_photo(self, obj):
        from django.urls import reverse

        account = getattr(obj.user, "profile", None)
        return reverse("files:public", args=[account.avatar_id]) if account and account.avatar_id else None

    def to_representation(self, obj):
        data = super().to_representation(obj)
        reader = self.context["request"].user
        inside = obj.user_id == reader.pk or getattr(obj, "colleague", False) or reader.is_superuser
        for section, fields in SECTION_FIELDS.items():
            if not inside and obj.visibility(section) not in OUTSIDE[MEMBERS]:
                data.update(dict.fromkeys(fields))
        if obj.user_id != reader.pk:
            data.update(dict.fromkeys(MemberProfile.VISIBILITY_FIELDS))
        return data


class PhotoSerializer(serializers.Serializer):
    photo = serializers.FileField(
        help_text=gettext_lazy("JPEG, PNG, GIF or WebP, at most 5 MB (the avatars bucket's limits).")
    )


class WorkHistorySerializer(InlineChoicesMixin, serializers.ModelSerializer):
    class Meta:
        model = WorkHistoryEntry
        fields = ["id", "user", "source", *HISTORY_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["user", "source", "created_at", "updated_at"]


class EndorsementSerializer(serializers.ModelSerializer):
    user = ColleagueField(help_text=gettext_lazy("The endorsed person's user id."))
    endorser_name = serializers.SerializerMethodField()

    class Meta:
        model = Endorsement
        fields = ["id", "user", "endorser", "endorser_name", "skill", "created_at"]
        read_only_fields = ["endorser", "created_at"]

    def get_endorser_name(self, obj) -> str:
        return obj.endorser.get_full_name() or obj.endorser.get_username()
