from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from rest_framework import serializers

from dragonfly.core.api_fields import VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.access import display_name
from dragonfly.tenancy.models import Workspace

from ..models import Attachment, Document, DocumentCategory, ShareLink
from ..querysets import visible_object
from ..services import DOCUMENT_BUCKETS, SHARE_DAYS


class VersionSerializer(serializers.ModelSerializer):
    # Method fields, not dotted sources with a default: under a PATCH (a partial serializer) DRF skips a
    # field whose default it would use, so a version without an uploader or a restore lost the key.
    uploaded_by = serializers.SerializerMethodField()
    uploaded_by_name = serializers.SerializerMethodField(help_text=gettext_lazy("How the uploader is named on pages."))
    restored_from = serializers.SerializerMethodField()
    type = serializers.CharField(source="content_type_detected", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "version",
            "original_name",
            "type",
            "size",
            "uploaded_by",
            "uploaded_by_name",
            "created_at",
            "note",
            "restored_from",
            "url",
        ]
        read_only_fields = fields

    def get_uploaded_by(self, version) -> str | None:
        return version.uploaded_by.get_username() if version.uploaded_by_id else None

    def get_restored_from(self, version) -> int | None:
        return version.restored_from.version if version.restored_from_id else None

    def get_uploaded_by_name(self, version) -> str | None:
        return display_name(version.uploaded_by) if version.uploaded_by_id else None

    def get_url(self, version) -> str:
        return reverse("files:version", args=[version.document_id, version.version])


class DocumentSerializer(serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    category = serializers.PrimaryKeyRelatedField(
        queryset=DocumentCategory.objects.none(), required=False, allow_null=True
    )
    bucket = serializers.ChoiceField(choices=DOCUMENT_BUCKETS, default="documents")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    file = serializers.FileField(write_only=True, help_text=gettext_lazy("The first version."))
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, write_only=True)
    object_type = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("What the file is attached to, as app_label.model (productions.production)."),
    )
    object_id = serializers.CharField(required=False, allow_blank=True, max_length=64)
    current = VersionSerializer(read_only=True)
    download_url = serializers.CharField(read_only=True, help_text=gettext_lazy("Always the current version."))

    version = VersionField()

    class Meta:
        model = Document
        fields = [
            "version",
            "id", "workspace", "title", "category", "bucket", "object_type", "object_id", "current",
            "download_url", "file", "note", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["category"].queryset = DocumentCategory.objects.visible_to(request.user)
        return fields

    def to_representation(self, document):
        data = super().to_representation(document)
        ct = document.content_type if document.content_type_id else None
        data["object_type"] = f"{ct.app_label}.{ct.model}" if ct else ""
        return data

    def validate(self, attrs):
        """The attached object: one the caller sees (else the same answer as no such object)."""
        kind, pk = attrs.pop("object_type", ""), attrs.pop("object_id", "")
        if not kind:
            return attrs
        app_label, _dot, model_name = kind.partition(".")
        ct = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        obj = visible_object(ct, pk, self.context["request"].user) if ct else None
        if obj is None:
            raise serializers.ValidationError({"object_id": gettext("No such object to attach the file to.")})
        attrs["attach_to"] = obj
        return attrs


class DocumentDetailSerializer(DocumentSerializer):
    versions = VersionSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "versions"]


class DocumentEditSerializer(DocumentSerializer):
    """PATCH/PUT of a document: its title and category; the rest is read only (a new file is a new version)."""

    title = serializers.CharField(max_length=200)

    class Meta(DocumentSerializer.Meta):
        fields = [f for f in DocumentSerializer.Meta.fields if f not in ("file", "note")]

    def get_fields(self):
        fields = super().get_fields()
        for name in ("workspace", "bucket", "object_type", "object_id"):
            fields[name].read_only = True
        return fields


class NewVersionSerializer(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RestoreSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ShareSerializer(serializers.Serializer):
    days = serializers.ChoiceField(choices=SHARE_DAYS, default=7)


class ShareLinkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=gettext_lazy("Given once, when the link is made."))
    opened = serializers.IntegerField(source="accesses.count", read_only=True)

    class Meta:
        model = ShareLink
        fields = ["id", "url", "created_at", "expires_at", "revoked_at", "opened"]
        read_only_fields = fields

    def get_url(self, link) -> str | None:
        token = self.context.get("token")
        return self.context["request"].build_absolute_uri(reverse("files:shared", args=[token])) if token else None


class RevokeSerializer(serializers.Serializer):
    link = serializers.IntegerField()
