"""Assets API shapes. Writes go through assets.services."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dragonfly.core.api import VisibleRelatedField
from dragonfly.core.serializers import IdField, VersionField
from dragonfly.tenancy.models import Workspace
from events.models import Event
from locations.models import Zone
from productions.models import Production

from ..models import (
    MANUAL_STATUSES,
    Asset,
    AssetStatus,
    Kit,
    MaintenanceKind,
    MaintenanceRecord,
    MaintenanceSchedule,
    MaintenanceStatus,
    Reservation,
)
from ..privacy import can_see_value
from ..selectors import reservations_at_risk

# Who reserved it, and how it went out and came back: set by the services, never by the client.
HANDOVER = (
    "reserved_by",
    "checked_out_at",
    "checked_out_by",
    "checkout_condition",
    "checked_in_at",
    "checked_in_by",
    "checkin_condition",
)


def _user(field):
    request = field.context.get("request") if hasattr(field, "context") else None
    return getattr(request, "user", None)


@extend_schema_field({"type": "string", "enum": list(MaintenanceKind.values)}, component_name="MaintenanceKindEnum")
class MaintenanceKindField(serializers.ChoiceField):
    """Maintenance type, as its own schema component so it never collides with other modules' "kind" enums."""

    def __init__(self, **kwargs):
        super().__init__(choices=MaintenanceKind.choices, **kwargs)


class AssetSerializer(serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    zone = VisibleRelatedField(Zone, required=False, allow_null=True)
    status = serializers.ChoiceField(
        choices=AssetStatus.choices,
        required=False,
        help_text="Set by hand: available, lost or retired; the rest follow bookings.",
    )

    version = VersionField()

    class Meta:
        model = Asset
        fields = [
            "id",
            "version",
            "workspace",
            *Asset.DESCRIPTION,
            "notes",
            "catalog_item",
            "zone",
            "use_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["use_count", "created_at", "updated_at"]

    def validate_status(self, value):
        if value not in MANUAL_STATUSES:
            raise serializers.ValidationError(_("Set by hand only: available, lost or retired."))
        return value

    def to_representation(self, obj):
        data = super().to_representation(obj)
        data["status"] = obj.status
        if not can_see_value(_user(self), obj):
            data["purchase_value"] = None
        return data


class KitSerializer(serializers.ModelSerializer):
    workspace = VisibleRelatedField(Workspace)
    assets = serializers.ListField(child=IdField(), required=False, write_only=True)
    asset_ids = serializers.SerializerMethodField()

    version = VersionField()

    class Meta:
        model = Kit
        fields = ["version", "id", "workspace", "name", "description", "assets", "asset_ids", "created_at"]
        read_only_fields = ["created_at"]

    def get_asset_ids(self, obj) -> list[int]:
        return [a.pk for a in obj.assets.all()]

    def validate_assets(self, value):
        user = _user(self)
        found = list(Asset.objects.visible_to(user).filter(pk__in=value)) if user else []
        if len(found) != len(set(value)):
            raise serializers.ValidationError(_("Some assets do not exist or you cannot see them."))
        return found


class ReservationSerializer(serializers.ModelSerializer):
    asset = VisibleRelatedField(Asset, required=False, allow_null=True, write_only=True)
    kit = VisibleRelatedField(Kit, required=False, allow_null=True)
    production = VisibleRelatedField(Production, required=False, allow_null=True)
    event = VisibleRelatedField(Event, required=False, allow_null=True)
    assets = serializers.SerializerMethodField()

    class Meta:
        model = Reservation
        fields = [
            "id",
            "workspace",
            "asset",
            "kit",
            "assets",
            "event",
            "production",
            "start_date",
            "end_date",
            "status",
            "notes",
            *HANDOVER,
            "created_at",
        ]
        read_only_fields = ["workspace", "status", *HANDOVER, "created_at"]

    def get_assets(self, obj) -> list[str]:
        return [item.asset.tag for item in obj.items.all()]


class ConditionSerializer(serializers.Serializer):
    condition = serializers.CharField(required=False, allow_blank=True, default="")


class AtRiskReservationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reservation
        fields = ["id", "start_date", "end_date", "kit", "production", "event"]
        read_only_fields = fields


class MaintenanceRecordSerializer(serializers.ModelSerializer):
    asset = VisibleRelatedField(Asset)
    kind = MaintenanceKindField(default="inspection")
    status = serializers.ChoiceField(choices=MaintenanceStatus.choices, default=MaintenanceStatus.DONE)

    reservations_at_risk = serializers.SerializerMethodField(
        help_text="An open job takes the asset out of service: its bookings from today on, which need another asset."
    )

    class Meta:
        model = MaintenanceRecord
        fields = [
            "id",
            "workspace",
            "asset",
            "schedule",
            "kind",
            "status",
            "due_on",
            "performed_on",
            "cost",
            "currency",
            "notes",
            "opened_by",
            "performed_by",
            "created_at",
            "reservations_at_risk",
        ]
        read_only_fields = ["workspace", "schedule", "currency", "opened_by", "performed_by", "created_at"]

    @extend_schema_field(AtRiskReservationSerializer(many=True))
    def get_reservations_at_risk(self, obj):
        return AtRiskReservationSerializer(reservations_at_risk(obj, user=_user(self)), many=True).data

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if not can_see_value(_user(self), obj):
            data["cost"] = None
        return data


class CompleteSerializer(serializers.Serializer):
    performed_on = serializers.DateField(required=False, allow_null=True)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class MaintenanceScheduleSerializer(serializers.ModelSerializer):
    asset = VisibleRelatedField(Asset)
    kind = MaintenanceKindField()
    next_due_on = serializers.SerializerMethodField()

    class Meta:
        model = MaintenanceSchedule
        fields = [
            "id",
            "workspace",
            "asset",
            "kind",
            "every_days",
            "every_uses",
            "last_done_on",
            "uses_at_last_done",
            "manager",
            "active",
            "notes",
            "next_due_on",
            "created_at",
        ]
        read_only_fields = ["workspace", "last_done_on", "uses_at_last_done", "manager", "active", "created_at"]

    def get_next_due_on(self, obj) -> str | None:
        due = obj.next_due_on()
        return due.isoformat() if due else None


class RangeQuerySerializer(serializers.Serializer):
    workspace = VisibleRelatedField(Workspace)
    start = serializers.DateField()
    end = serializers.DateField()
    category = serializers.CharField(required=False, allow_blank=True)
    need = serializers.IntegerField(required=False, min_value=1)

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError(
                {
                    "end": _("The end (%(end)s) must be on or after the start (%(start)s).")
                    % {"end": date_format(data["end"], "d M Y"), "start": date_format(data["start"], "d M Y")}
                }
            )
        if (data["end"] - data["start"]).days > 365:
            raise serializers.ValidationError(_("Ask for at most a year at a time."))
        return data
