from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from dragonfly.core.serializers import IdField, VersionField
from dragonfly.tenancy.models import Workspace
from locations.models import Location, Zone
from productions.api.fields import (
    AwareDateTimeField,
    ColleagueField,
    InlineChoiceField,
    InlineChoicesMixin,
    VisibleRelatedField,
)
from productions.api.serializers import UserRefSerializer
from productions.models import Production

from ..models import CrewCall, Cue, CueStatus, Event, Incident, IncidentStatus
from ..services import SCOPES, format_duration, whole_minutes

User = get_user_model()


class CrewCallSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    event = VisibleRelatedField(Event, select_related=("workspace__organization", "location"))
    user = ColleagueField(queryset=User.objects.none())
    person = UserRefSerializer(source="user", read_only=True)
    call_time = AwareDateTimeField(required=False)
    confirm_conflicts = serializers.BooleanField(required=False, default=False, write_only=True)

    version = VersionField()

    class Meta:
        model = CrewCall
        fields = ["id", "version", "event", "user", "person", "role_title", "call_time", "notes", "confirm_conflicts"]


class EventSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    location = VisibleRelatedField(Location, required=False, allow_null=True)
    zone = VisibleRelatedField(Zone, required=False, allow_null=True)
    starts_at = AwareDateTimeField()
    ends_at = AwareDateTimeField()
    timezone = serializers.CharField(required=False, allow_blank=True)
    local_start = serializers.SerializerMethodField()
    local_end = serializers.SerializerMethodField()
    repeat = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=gettext_lazy("An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"),
    )
    rrule = serializers.CharField(source="series.rrule", read_only=True, default=None, allow_null=True)
    crew = ColleagueField(many=True, required=False, write_only=True, queryset=User.objects.none())
    call_time = AwareDateTimeField(required=False, write_only=True)
    confirm_conflicts = serializers.BooleanField(required=False, default=False, write_only=True)
    scope = InlineChoiceField(choices=[(s, s) for s in SCOPES], required=False, write_only=True)

    version = VersionField()

    class Meta:
        model = Event
        fields = [
            "id",
            "version",
            "workspace",
            "production",
            "title",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "timezone",
            "local_start",
            "local_end",
            "location",
            "zone",
            "description",
            "series",
            "original_start",
            "is_exception",
            "rrule",
            "repeat",
            "crew",
            "call_time",
            "confirm_conflicts",
            "scope",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["series", "original_start", "is_exception", "created_at", "updated_at"]

    def get_local_start(self, event) -> str:
        return event.local_start.isoformat()

    def get_local_end(self, event) -> str:
        return event.local_end.isoformat()

    def validate(self, attrs):
        if self.instance is not None and "workspace" in attrs and attrs["workspace"] != self.instance.workspace:
            raise serializers.ValidationError({"workspace": _("An event cannot move to another workspace.")})
        return attrs


class ConflictCheckSerializer(serializers.Serializer):
    workspace = VisibleRelatedField(Workspace, select_related=("organization",))
    starts_at = AwareDateTimeField()
    ends_at = AwareDateTimeField()
    location = VisibleRelatedField(Location, required=False, allow_null=True)
    people = ColleagueField(many=True, required=False, queryset=User.objects.none())
    exclude_event = VisibleRelatedField(Event, required=False, allow_null=True)

    def validate(self, attrs):
        if attrs["ends_at"] <= attrs["starts_at"]:
            raise serializers.ValidationError({"ends_at": _("The end must come after the start.")})
        return attrs


class ClashSerializer(serializers.Serializer):
    severity = serializers.CharField()
    kind = serializers.CharField()
    message = serializers.CharField()
    event = serializers.IntegerField(allow_null=True)
    event_title = serializers.CharField()
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    person = serializers.CharField()


class CueSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    event = VisibleRelatedField(Event, select_related=("workspace__organization",))
    duration = serializers.CharField(help_text=gettext_lazy("Minutes (12), m:ss (3:30) or h:mm:ss"))
    fixed_start = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=gettext_lazy("Empty: follows the previous cue; 21:30, +1:15 or an ISO time"),
    )

    version = VersionField()

    class Meta:
        model = Cue
        fields = [
            "version",
            "id",
            "event",
            "position",
            "item",
            "duration",
            "fixed_start",
            "owner",
            "department",
            "notes",
            "status",
            "actual_start",
            "actual_end",
        ]
        # The status and the actual times change only by calling the cue (POST .../call/).
        read_only_fields = ["position", "status", "actual_start", "actual_end"]

    def to_representation(self, cue):
        data = super().to_representation(cue)
        data["duration"] = format_duration(cue.duration)
        data["fixed_start"] = cue.fixed_start.isoformat() if cue.fixed_start else None
        return data


class ScheduledCueSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    cue = serializers.IntegerField(source="cue.pk")
    item = serializers.CharField(source="cue.item")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    offset_minutes = serializers.SerializerMethodField()

    def get_offset_minutes(self, item) -> int:
        return int(item.offset.total_seconds() // 60)


class CueCallSerializer(serializers.Serializer):
    to_status = InlineChoiceField(
        choices=CueStatus.choices, help_text=gettext_lazy("standby, go, done, skipped (pending: stand down)")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class TimedCueSerializer(serializers.Serializer):
    """A cue of the running order: planned, and actual (called) or projected from the calls before it."""

    number = serializers.IntegerField()
    cue = serializers.IntegerField(source="cue.pk")
    item = serializers.CharField(source="cue.item")
    status = serializers.CharField()
    planned_start = serializers.DateTimeField(source="planned.starts_at")
    planned_end = serializers.DateTimeField(source="planned.ends_at")
    starts_at = serializers.DateTimeField(help_text=gettext_lazy("Actual once it had its go, else projected."))
    ends_at = serializers.DateTimeField(help_text=gettext_lazy("Actual once done, else projected."))
    actual_start = serializers.DateTimeField(source="cue.actual_start", allow_null=True)
    actual_end = serializers.DateTimeField(source="cue.actual_end", allow_null=True)
    drift_minutes = serializers.IntegerField(help_text=gettext_lazy("Minutes late (negative: early) against the plan."))


class RunningOrderSerializer(serializers.Serializer):
    drift_minutes = serializers.SerializerMethodField(
        help_text=gettext_lazy("How late the show ends against its plan.")
    )
    finished = serializers.BooleanField()
    current = serializers.IntegerField(source="current.cue.pk", allow_null=True, default=None)
    next = serializers.IntegerField(source="next.cue.pk", allow_null=True, default=None)
    cues = TimedCueSerializer(many=True)

    def get_drift_minutes(self, order) -> int:
        return whole_minutes(order.drift)


class ReorderSerializer(serializers.Serializer):
    order = serializers.ListField(child=IdField(), max_length=300)


class IncidentSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    event = VisibleRelatedField(Event, select_related=("workspace__organization", "production"))
    occurred_at = AwareDateTimeField(required=False)
    status = serializers.CharField(read_only=True)
    reported_by = UserRefSerializer(read_only=True)

    version = VersionField()

    class Meta:
        model = Incident
        fields = [
            "version",
            "id",
            "event",
            "occurred_at",
            "severity",
            "category",
            "status",
            "title",
            "description",
            "people_involved",
            "actions_taken",
            "reported_by",
            "resolved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["resolved_at", "created_at", "updated_at"]


class IncidentMoveSerializer(serializers.Serializer):
    to_status = InlineChoiceField(choices=IncidentStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
