"""People API shapes. Writes go through people.services; personal data through people.privacy."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dragonfly.core.api import VisibleRelatedField
from dragonfly.core.serializers import VersionField
from dragonfly.tenancy.access import people_visible_to
from dragonfly.tenancy.models import Workspace
from events.models import Event
from productions.models import Production

from ..models import Assignment, Certification, CertificationKind, Person, Position, Team, TimeEntry, Unavailability
from ..privacy import personal_data_pks
from ..selectors import GROUPINGS
from ..time_models import RATE_UNITS


def _user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


@extend_schema_field(OpenApiTypes.INT)
class MemberUserField(serializers.PrimaryKeyRelatedField):
    """A login of someone the requesting user may see (a member of a workspace they are in)."""

    def get_queryset(self):
        return people_visible_to(_user(self.parent) if self.parent else None)


class PersonSerializer(serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    team = VisibleRelatedField(Team, required=False, allow_null=True)
    user = MemberUserField(required=False, allow_null=True)
    full_name = serializers.CharField(read_only=True)
    personal_data_visible = serializers.SerializerMethodField()

    version = VersionField()

    class Meta:
        model = Person
        fields = [
            "id",
            "version",
            "workspace",
            "user",
            "first_name",
            "last_name",
            "full_name",
            "job_title",
            "email",
            "department",
            "team",
            "skills",
            "active",
            "personal_data_visible",
            *Person.PERSONAL_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_personal_data_visible(self, obj) -> bool:
        return obj.pk in self.context.get("personal_pks", set())

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if obj.pk not in self.context.get("personal_pks", set()):
            for name in Person.PERSONAL_FIELDS:
                data.pop(name, None)
        return data

    def validate_user(self, value):
        if value is None:
            return value
        workspace = self.initial_data.get("workspace") or getattr(self.instance, "workspace_id", None)
        org_ids = Workspace.objects.filter(pk=workspace).values("organization_id") if workspace else []
        if not value.memberships.filter(organization_id__in=org_ids).exists():
            raise serializers.ValidationError(_("That login is not a member of this organization."))
        return value


class TeamSerializer(serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    lead = VisibleRelatedField(Person, required=False, allow_null=True)

    version = VersionField()

    class Meta:
        model = Team
        fields = ["version", "id", "workspace", "name", "department", "lead", "description", "created_at"]
        read_only_fields = ["created_at"]


class CertificationSerializer(serializers.ModelSerializer):
    person = VisibleRelatedField(Person)
    state = serializers.SerializerMethodField()
    document = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Certification
        fields = [
            "id",
            "person",
            "kind",
            "name",
            "issuer",
            "number",
            "issued_on",
            "expires_on",
            "document",
            "notes",
            "state",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def get_state(self, obj) -> str:
        return obj.expiry_state()


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "name", "department", "required_certifications"]


class AssignmentSerializer(serializers.ModelSerializer):
    person = VisibleRelatedField(Person)
    position = VisibleRelatedField(Position)
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    event = VisibleRelatedField(Event, required=False, allow_null=True)
    override_note = serializers.CharField(required=False, allow_blank=True, write_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    position_name = serializers.CharField(source="position.name", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "workspace",
            "person",
            "person_name",
            "position",
            "position_name",
            "event",
            "production",
            "call_time",
            "end_time",
            "notes",
            "warnings",
            "override_note",
            "created_at",
        ]
        read_only_fields = ["workspace", "warnings", "created_at"]


class UnavailabilitySerializer(serializers.ModelSerializer):
    person = VisibleRelatedField(Person)

    class Meta:
        model = Unavailability
        fields = ["id", "person", "start_date", "end_date", "reason", "created_at"]
        read_only_fields = ["created_at"]


class TimeEntrySerializer(serializers.ModelSerializer):
    person = VisibleRelatedField(Person)
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    assignment = VisibleRelatedField(Assignment, required=False, allow_null=True)
    hours = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=24,
        required=False,
        help_text=gettext_lazy("On a new entry: hours on site, before breaks are taken off."),
    )
    rate = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "On a new entry: empty takes the rate of a signed contract covering the day, if there is one. "
            "Shown only to those who see the person's personal data."
        ),
    )
    rate_unit = serializers.ChoiceField(choices=RATE_UNITS, required=False, allow_blank=True)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if obj.person_id not in self._rate_people():
            for name in TIME_RATE_FIELDS:
                data.pop(name, None)
        return data

    def _rate_people(self):
        """The people whose entries' rates the caller sees (personal data), once for a whole page."""
        if "rate_people" not in self.context:
            instance = self.root.instance
            rows = instance if isinstance(instance, list | tuple) else [instance] if instance else []
            request = self.context.get("request")
            people = {e.person_id: e.person for e in rows if isinstance(e, TimeEntry)}.values()
            self.context["rate_people"] = personal_data_pks(getattr(request, "user", None), list(people))
        return self.context["rate_people"]

    version = VersionField()

    class Meta:
        model = TimeEntry
        fields = [
            "version",
            "id",
            "workspace",
            "person",
            "assignment",
            "event",
            "production",
            "work_date",
            "clock_in",
            "clock_out",
            "break_minutes",
            "hours",
            "status",
            "notes",
            "approved_by",
            "approved_at",
            "review_note",
            "warnings",
            "override_note",
            "rate",
            "rate_unit",
            "currency",
            "created_at",
        ]
        read_only_fields = [
            "workspace",
            "event",
            "clock_in",
            "clock_out",
            "status",
            "approved_by",
            "approved_at",
            "review_note",
            "warnings",
            "created_at",
        ]


TIME_RATE_FIELDS = ("rate", "rate_unit", "currency")


class ClockInSerializer(serializers.Serializer):
    person = VisibleRelatedField(Person)
    assignment = VisibleRelatedField(Assignment, required=False, allow_null=True)
    production = VisibleRelatedField(Production, required=False, allow_null=True)


class ClockOutSerializer(serializers.Serializer):
    break_minutes = serializers.IntegerField(min_value=0, max_value=1440, default=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HoursQuerySerializer(serializers.Serializer):
    workspace = VisibleRelatedField(Workspace)
    start = serializers.DateField()
    end = serializers.DateField()
    group_by = serializers.ChoiceField(choices=list(GROUPINGS), default="person")
    approved_only = serializers.BooleanField(default=False)

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError(
                {
                    "end": _("The end (%(end)s) must be on or after the start (%(start)s).")
                    % {"end": date_format(data["end"], "d M Y"), "start": date_format(data["start"], "d M Y")}
                }
            )
        if (data["end"] - data["start"]).days > 366:
            raise serializers.ValidationError(_("Ask for at most a year at a time."))
        return data


class HoursRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    entries = serializers.IntegerField()
    regular = serializers.DecimalField(max_digits=10, decimal_places=2)
    overtime = serializers.DecimalField(max_digits=10, decimal_places=2)
    total = serializers.DecimalField(max_digits=10, decimal_places=2)


class HoursTotalsSerializer(serializers.Serializer):
    entries = serializers.IntegerField()
    regular = serializers.DecimalField(max_digits=10, decimal_places=2)
    overtime = serializers.DecimalField(max_digits=10, decimal_places=2)
    total = serializers.DecimalField(max_digits=10, decimal_places=2)


class HoursReportSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=list(GROUPINGS))
    start = serializers.DateField()
    end = serializers.DateField()
    overtime_after_hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    rows = HoursRowSerializer(many=True)
    totals = HoursTotalsSerializer()


class AvailabilityQuerySerializer(serializers.Serializer):
    workspace = VisibleRelatedField(Workspace)
    start = serializers.DateField()
    end = serializers.DateField()
    team = VisibleRelatedField(Team, required=False, allow_null=True)


KINDS = [k for k, _ in CertificationKind.choices]
