"""The events API: events (with repeats and clash checks), crew calls, run-of-show cues
and incidents; the same services, filters and visibility as the pages."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.viewsets import (
    EditVersionMixin,
    ServiceCreateMixin,
    ServiceModelViewSet,
    ServiceUpdateMixin,
    TenantModelViewSet,
    TenantViewSet,
    detail_action,
)

from .. import services
from ..errors import ScheduleConflict
from ..filters import CueFilter, EventFilter, IncidentFilter
from ..models import CrewCall, Cue, Event, Incident
from .serializers import (
    ClashSerializer,
    ConflictCheckSerializer,
    CrewCallSerializer,
    CueCallSerializer,
    CueSerializer,
    EventSerializer,
    IncidentMoveSerializer,
    IncidentSerializer,
    ReorderSerializer,
    RunningOrderSerializer,
    ScheduledCueSerializer,
)


def conflict_response(exc):
    return Response(
        {"detail": str(exc), "code": exc.code, "clashes": [c.as_dict() for c in exc.clashes]},
        status=status.HTTP_409_CONFLICT,
    )


class EventViewSet(EditVersionMixin, viewsets.ModelViewSet):
    """Events. Creating or editing one checks the venue and the crew for clashes: hard clashes
    answer 409 with the list unless `confirm_conflicts` is true. `repeat` takes an RRULE."""

    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_value_converter = "int"

    def get_queryset(self):
        return (
            Event.objects.visible_to(self.request.user)
            .select_related("workspace__organization", "location", "production", "series")
            .order_by("starts_at", "id")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("scope", None)
        workspace = data.pop("workspace")
        try:
            saved = services.create_event(actor=request.user, workspace=workspace, crew=data.pop("crew", []), **data)
        except ScheduleConflict as exc:
            return conflict_response(exc)
        body = self.get_serializer(saved.event).data
        body["clashes"] = [c.as_dict() for c in saved.clashes]
        body["occurrences_created"] = saved.created
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        event = self.get_object()
        serializer = self.get_serializer(event, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        for key in ("workspace", "crew", "call_time"):
            data.pop(key, None)
        scope = data.pop("scope", "this")
        confirm = data.pop("confirm_conflicts", False)
        repeat = data.pop("repeat", None) or services.KEEP
        try:
            saved = services.update_event(
                event, actor=request.user, scope=scope, repeat=repeat, confirm_conflicts=confirm, **data
            )
        except ScheduleConflict as exc:
            return conflict_response(exc)
        body = self.get_serializer(self.get_queryset().get(pk=saved.event.pk)).data
        body["clashes"] = [c.as_dict() for c in saved.clashes]
        return Response(body)

    @extend_schema(parameters=[OpenApiParameter("scope", str, enum=list(services.SCOPES))])
    def destroy(self, request, *args, **kwargs):
        event = self.get_object()
        scope = request.query_params.get("scope", "this")
        services.delete_event(event, actor=request.user, scope=scope)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=ClashSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])  # one event's clashes
    def conflicts(self, request, pk=None):
        """What this event clashes with now: its venue and its crew's other bookings."""
        event = self.get_object()
        calls = list(event.crew_calls.select_related("user"))
        clashes = services.check_schedule_conflict(
            workspace=event.workspace,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            location=event.location,
            people=[c.user for c in calls],
            calls={c.user_id: c.call_time for c in calls},
            exclude={event.pk},
            viewer=request.user,
        )
        return Response([c.as_dict() for c in clashes])

    @extend_schema(request=ConflictCheckSerializer, responses=ClashSerializer(many=True))
    @action(detail=False, methods=["post"], url_path="check-conflicts")
    def check_conflicts(self, request):
        """check_schedule_conflict: would this booking clash? Nothing is saved."""
        body = ConflictCheckSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        exclude = {data["exclude_event"].pk} if data.get("exclude_event") else set()
        clashes = services.check_schedule_conflict(
            workspace=data["workspace"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data.get("location"),
            people=data.get("people", []),
            exclude=exclude,
            viewer=request.user,
        )
        return Response([c.as_dict() for c in clashes])

    @extend_schema(responses=ScheduledCueSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="run-of-show", pagination_class=None, filter_backends=[])
    def run_of_show(self, request, pk=None):
        """The cues in order with their computed start and end times."""
        event = self.get_object()
        if not request.user.has_perm("events.view_cue", event):
            return Response({"detail": _("Your role does not see this run of show.")}, status=status.HTTP_403_FORBIDDEN)
        return Response(ScheduledCueSerializer(services.run_of_show(event), many=True).data)

    @extend_schema(responses=RunningOrderSerializer)
    @action(detail=True, methods=["get"], url_path="running-order")
    def running_order(self, request, pk=None):
        """The run of show re-timed from the calls: each cue planned, and actual or projected."""
        event = self.get_object()
        if not request.user.has_perm("events.view_cue", event):
            return Response({"detail": _("Your role does not see this run of show.")}, status=status.HTTP_403_FORBIDDEN)
        return Response(RunningOrderSerializer(services.running_order(event)).data)

    @extend_schema(request=ReorderSerializer, responses=ScheduledCueSerializer(many=True))
    @action(detail=True, methods=["post"], url_path="reorder-cues")
    def reorder_cues(self, request, pk=None):
        event = self.get_object()
        body = ReorderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.reorder_cues(event, actor=request.user, order=body.validated_data["order"])
        return Response(ScheduledCueSerializer(services.run_of_show(event), many=True).data)


class CrewCallViewSet(TenantModelViewSet):
    model = CrewCall
    related = ("event__workspace__organization", "event__location", "user")
    ordering = ("call_time", "id")
    serializer_class = CrewCallSerializer
    filterset_fields = ["event", "user"]
    destroy_service = staticmethod(services.remove_crew_call)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            call, clashes = services.add_crew_call(data.pop("event"), actor=request.user, **data)
        except ScheduleConflict as exc:
            return conflict_response(exc)
        body = self.get_serializer(call).data
        body["clashes"] = [c.as_dict() for c in clashes]
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        call = self.get_object()
        serializer = self.get_serializer(call, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {
            k: v
            for k, v in serializer.validated_data.items()
            if k in ("call_time", "role_title", "notes", "confirm_conflicts")
        }
        try:
            call, clashes = services.update_crew_call(call, actor=request.user, **data)
        except ScheduleConflict as exc:
            return conflict_response(exc)
        return Response(self.get_serializer(call).data)


class CueViewSet(ServiceModelViewSet):
    model = Cue
    related = ("event__workspace__organization",)
    ordering = ("event", "position", "id")
    serializer_class = CueSerializer
    filterset_class = CueFilter
    parent_field = "event"
    create_service = staticmethod(services.add_cue)
    update_service = staticmethod(services.update_cue)
    destroy_service = staticmethod(services.delete_cue)

    call = detail_action(
        "call",
        services.call_cue,
        CueCallSerializer,
        schema=extend_schema(request=CueCallSerializer, responses=CueSerializer),
        doc="Call the cue: standby, go (records its actual start), done (its actual end) or skipped.",
    )


class IncidentViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceUpdateMixin, TenantViewSet
):
    """Incidents: a critical one notifies the production manager at once. Status via `move`."""

    model = Incident
    related = ("event__workspace__organization", "reported_by")
    ordering = ("-occurred_at", "-id")
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    parent_field = "event"
    create_service = staticmethod(services.report_incident)
    update_service = staticmethod(services.update_incident)

    @extend_schema(request=IncidentMoveSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        return self.act(services.move_incident, IncidentMoveSerializer)
