from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers

from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.access import display_name
from dragonfly.tenancy.models import Workspace
from locations.models import Location

from ..models import (
    ChecklistItem,
    ComplianceItem,
    Milestone,
    Production,
    ProductionStatus,
    Task,
    TaskComment,
    TaskStatus,
    TeamMember,
)
from .fields import ColleagueField, InlineChoiceField, InlineChoicesMixin, VisibleRelatedField

User = get_user_model()


class UserRefSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name"]

    def get_name(self, user) -> str:
        return display_name(user)


class HealthFactorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    points = serializers.IntegerField()
    detail = serializers.CharField()


class ProductionHealthSerializer(serializers.Serializer):
    score = serializers.IntegerField(
        allow_null=True, help_text="null for a completed or cancelled production: it is no longer scored"
    )
    factors = HealthFactorSerializer(many=True)


class SummaryEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField(allow_null=True)


class SummaryAdvancesSerializer(serializers.Serializer):
    status = serializers.CharField()
    currency = serializers.CharField()
    n = serializers.IntegerField()
    estimated = serializers.FloatField(allow_null=True)
    actual = serializers.FloatField(allow_null=True)


class ProductionSummarySerializer(serializers.Serializer):
    tasks = serializers.DictField(child=serializers.IntegerField(), help_text="Tasks by status.")
    next_events = SummaryEventSerializer(many=True)
    advances = SummaryAdvancesSerializer(many=True, help_text="Advances by status and currency.")
    compliance = serializers.DictField(child=serializers.IntegerField(), help_text="Compliance items by status.")
    milestones_open = serializers.IntegerField()
    milestones_overdue = serializers.IntegerField()


class ProductionSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    venue = VisibleRelatedField(Location, required=False, allow_null=True)
    production_manager = ColleagueField(required=False, allow_null=True, queryset=User.objects.none())
    status = serializers.CharField(read_only=True)
    health_factors = HealthFactorSerializer(many=True, read_only=True)
    allowed_moves = serializers.SerializerMethodField()

    version = VersionField()

    class Meta:
        model = Production
        fields = [
            "version",
            "id",
            "workspace",
            "name",
            "code",
            "type",
            "status",
            "start_date",
            "end_date",
            "venue",
            "production_manager",
            "description",
            "tags",
            "health_score",
            "health_factors",
            "health_updated_at",
            "status_changed_at",
            "allowed_moves",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["health_score", "health_updated_at", "status_changed_at", "created_at", "updated_at"]

    def get_allowed_moves(self, production) -> list[str]:
        return sorted(production.allowed_moves(), key=list(ProductionStatus).index)

    def validate(self, attrs):
        if self.instance is not None and "workspace" in attrs and attrs["workspace"] != self.instance.workspace:
            raise serializers.ValidationError({"workspace": _("A production cannot move to another workspace.")})
        return attrs


class MoveSerializer(serializers.Serializer):
    to_status = InlineChoiceField(choices=ProductionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class TeamMemberSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    production = VisibleRelatedField(Production, select_related=("workspace__organization",))
    user = ColleagueField(queryset=User.objects.none())

    class Meta:
        model = TeamMember
        fields = ["id", "production", "user", "title", "department", "created_at"]
        read_only_fields = ["created_at"]


class MilestoneSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    production = VisibleRelatedField(Production, select_related=("workspace__organization",))
    owner = ColleagueField(required=False, allow_null=True, queryset=User.objects.none())
    done = serializers.BooleanField(required=False, write_only=True)

    version = VersionField()

    class Meta:
        model = Milestone
        fields = ["version", "id", "production", "title", "due_date", "owner", "phase", "done", "done_at", "created_at"]
        read_only_fields = ["done_at", "created_at"]


class ChecklistItemSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    done = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistItem
        fields = ["id", "text", "done", "done_at", "position"]

    def get_done(self, item) -> bool:
        return item.done_at is not None


class CommentSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    author = UserRefSerializer(read_only=True)

    class Meta:
        model = TaskComment
        fields = ["id", "author", "body", "created_at"]
        read_only_fields = ["created_at"]


class TaskSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    production = VisibleRelatedField(Production, select_related=("workspace__organization",))
    assignee = ColleagueField(required=False, allow_null=True, queryset=User.objects.none())
    status = InlineChoiceField(choices=TaskStatus.choices, required=False)
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    new_checklist = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, write_only=True, max_length=100
    )

    version = VersionField()

    class Meta:
        model = Task
        fields = [
            "version",
            "id",
            "production",
            "title",
            "description",
            "assignee",
            "due_date",
            "priority",
            "status",
            "position",
            "completed_at",
            "checklist",
            "new_checklist",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["position", "completed_at", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "production" in attrs and attrs["production"] != self.instance.production:
            raise serializers.ValidationError({"production": _("A task stays with its production.")})
        return attrs


class TaskMoveSerializer(serializers.Serializer):
    to_status = InlineChoiceField(choices=TaskStatus.choices, enum_id="task-move-to-status")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ComplianceItemSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    production = VisibleRelatedField(Production, select_related=("workspace__organization",))
    owner = ColleagueField(required=False, allow_null=True, queryset=User.objects.none())
    document_url = serializers.SerializerMethodField()

    version = VersionField()

    class Meta:
        model = ComplianceItem
        fields = [
            "version",
            "id",
            "production",
            "kind",
            "title",
            "authority",
            "reference",
            "required_by",
            "expires_on",
            "status",
            "owner",
            "document",
            "document_url",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["document", "created_at", "updated_at"]

    def get_document_url(self, item) -> str | None:
        from django.urls import reverse

        return reverse("files:private", args=[item.document_id]) if item.document_id else None
