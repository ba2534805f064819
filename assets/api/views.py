"""Assets API: the same querysets, filters, permissions and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.core.viewsets import ServiceCreateMixin, TenantServiceViewSet, TenantViewSet, detail_action

from .. import services
from ..filters import AssetFilter, KitFilter, MaintenanceRecordFilter, MaintenanceScheduleFilter, ReservationFilter
from ..models import Asset, Kit, MaintenanceRecord, MaintenanceSchedule, Reservation, ReservationItem
from ..privacy import can_see_value
from ..selectors import get_asset_availability, get_asset_utilization
from . import serializers as s

CONDITION = {"request": s.ConditionSerializer, "responses": s.ReservationSerializer}


class AssetViewSet(TenantServiceViewSet):
    model = Asset
    related = ("workspace",)  # the value column asks the role in each row's workspace
    ordering = ("tag", "id")
    serializer_class = s.AssetSerializer
    filterset_class = AssetFilter
    create_service = staticmethod(services.create_asset)
    update_service = staticmethod(services.update_asset)

    def service_data(self, data, instance=None):
        # Like the page's form: a value the user may not see is not theirs to set.
        if not can_see_value(self.request.user, instance or data["workspace"]):
            data.pop("purchase_value", None)
        return data


class KitViewSet(TenantServiceViewSet):
    model = Kit
    ordering = ("name", "id")
    prefetch = ("assets",)
    serializer_class = s.KitSerializer
    filterset_class = KitFilter
    create_service = staticmethod(services.create_kit)
    update_service = staticmethod(services.update_kit)


class ReservationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Reserve an asset or a kit (409 `double_booking` when any asset is already booked those days),
    then check out, check in or cancel."""

    model = Reservation
    related = ("kit", "production", "event")
    reread = True  # an action's answer lists the assets: read through get_queryset's prefetch
    ordering = ("-start_date", "-id")
    serializer_class = s.ReservationSerializer
    filterset_class = ReservationFilter

    def get_queryset(self):
        items = Prefetch("items", queryset=ReservationItem.objects.select_related("asset").order_by("asset__tag"))
        return super().get_queryset().prefetch_related(items)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reservation = services.reserve(
            actor=request.user,
            asset=data.get("asset"),
            kit=data.get("kit"),
            start_date=data["start_date"],
            end_date=data["end_date"],
            production=data.get("production"),
            event=data.get("event"),
            notes=data.get("notes", ""),
        )
        return self.created(reservation)

    check_out = detail_action(
        "check_out", services.check_out, s.ConditionSerializer, schema=extend_schema(**CONDITION), url_path="check-out"
    )
    check_in = detail_action(
        "check_in", services.check_in, s.ConditionSerializer, schema=extend_schema(**CONDITION), url_path="check-in"
    )

    @extend_schema(**CONDITION)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reservation = self.get_object()
        note = self.body(s.ConditionSerializer)["condition"]
        return self.answer(services.cancel_reservation(reservation, actor=request.user, note=note))


class MaintenanceRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    model = MaintenanceRecord
    related = ("asset", "workspace")
    ordering = ("-created_at", "-id")
    serializer_class = s.MaintenanceRecordSerializer
    filterset_class = MaintenanceRecordFilter
    create_service = staticmethod(services.add_maintenance_record)

    complete = detail_action(
        "complete",
        services.complete_maintenance,
        s.CompleteSerializer,
        schema=extend_schema(request=s.CompleteSerializer, responses=s.MaintenanceRecordSerializer),
    )


class MaintenanceScheduleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, TenantViewSet):
    model = MaintenanceSchedule
    related = ("asset",)
    ordering = ("asset__tag", "id")
    serializer_class = s.MaintenanceScheduleSerializer
    filterset_class = MaintenanceScheduleFilter
    create_service = staticmethod(services.add_maintenance_schedule)


def _range(request):
    query = s.RangeQuerySerializer(data=request.query_params, context={"request": request})
    query.is_valid(raise_exception=True)
    data = query.validated_data
    if not request.user.has_perm("assets.view_asset", data["workspace"]):
        raise PermissionDenied(_("Your role does not see assets in this workspace."))
    return data


class AvailabilityView(APIView):
    """get_asset_availability: per category, free / booked / out of service (and short, with `need`)."""

    @extend_schema(parameters=[s.RangeQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        data = _range(request)
        rows = get_asset_availability(
            user=request.user,
            workspace=data["workspace"],
            start=data["start"],
            end=data["end"],
            category=data.get("category") or None,
            need=data.get("need"),
        )
        return Response(
            {
                "start": data["start"],
                "end": data["end"],
                "categories": [
                    {
                        "category": r.category,
                        "total": r.total,
                        "booked": r.booked,
                        "out_of_service": r.out_of_service,
                        "free": r.free,
                        "need": r.need,
                        "short": r.short,
                        "state": r.state,
                    }
                    for r in rows
                ],
            }
        )


class UtilizationView(APIView):
    """get_asset_utilization: booked days / available days per category over the period."""

    @extend_schema(parameters=[s.RangeQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        data = _range(request)
        rows = get_asset_utilization(
            user=request.user,
            workspace=data["workspace"],
            start=data["start"],
            end=data["end"],
            category=data.get("category") or None,
        )
        return Response(
            {
                "start": data["start"],
                "end": data["end"],
                "categories": [
                    {
                        "category": r.label,
                        "assets": r.assets,
                        "booked_days": r.booked_days,
                        "available_days": r.available_days,
                        "utilization": str(r.ratio),
                    }
                    for r in rows
                ],
            }
        )
