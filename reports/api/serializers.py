from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dragonfly.core.api_fields import VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.models import Workspace

from ..models import ExportFormat, ExportJob, SavedReport


class TemplateSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    params = serializers.ListField(child=serializers.CharField())
    groupings = serializers.ListField(child=serializers.CharField())


class ParamsSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    by = serializers.CharField(required=False, max_length=20)
    days = serializers.IntegerField(required=False, min_value=0, max_value=730)


class RunSerializer(serializers.Serializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    params = ParamsSerializer(required=False)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()


class ReportResultSerializer(serializers.Serializer):
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.ListField(child=serializers.JSONField()))
    count = serializers.IntegerField(help_text=_("All rows of the report; `rows` holds at most 500."))
    notes = serializers.ListField(child=serializers.CharField())


class SavedReportSerializer(serializers.ModelSerializer):
    version = VersionField()

    class Meta:
        model = SavedReport
        fields = ["version", "id", "workspace", "name", "owner", "source", "spec", "shared", "created_at", "updated_at"]
        read_only_fields = fields


class ExportRequestSerializer(serializers.Serializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    template = serializers.CharField(required=False, allow_blank=True, default="")
    saved_report = VisibleRelatedField(SavedReport, required=False, allow_null=True, default=None)
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    params = ParamsSerializer(required=False)

    def validate(self, attrs):
        if bool(attrs.get("template")) == bool(attrs.get("saved_report")):
            raise serializers.ValidationError(_("Name either a report template or a saved report."))
        return attrs


class ExportJobSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField(help_text=_("Where the file downloads, once ready."))

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "workspace",
            "title",
            "template",
            "saved_report",
            "format",
            "status",
            "progress",
            "rows",
            "error",
            "download_url",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_download_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("reports:export_download", args=[obj.pk]) if obj.status == "done" else None
