"""People API: the same querysets, filters, permissions and services as the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from dragonfly.core.viewsets import (
    ServiceCreateMixin,
    ServiceDestroyMixin,
    TenantServiceViewSet,
    TenantViewSet,
    detail_action,
)

from .. import services
from ..errors import CertificationMissing
from ..filters import (
    AssignmentFilter,
    CertificationFilter,
    PersonFilter,
    TeamFilter,
    TimeEntryFilter,
    UnavailabilityFilter,
)
from ..models import Assignment, Certification, Person, Position, Team, TimeEntry, Unavailability
from ..privacy import personal_data_pks
from ..selectors import get_personnel_hours, get_team_availability
from . import serializers as s

NOTE_MOVE = {"request": s.NoteSerializer, "responses": s.TimeEntrySerializer}


class PersonViewSet(TenantServiceViewSet):
    """Crew records. Phone, rates, emergency contact and notes appear only where the caller may see them."""

    model = Person
    related = ("team",)
    ordering = ("last_name", "first_name", "id")
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter
    create_service = staticmethod(services.create_person)
    update_service = staticmethod(services.update_person)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        context = {**self.get_serializer_context(), "personal_pks": personal_data_pks(request.user, rows)}
        data = s.PersonSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_object(self):
        if not hasattr(self, "_object"):
            self._object = super().get_object()
        return self._object

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "kwargs", None) and "pk" in self.kwargs and self.request is not None:
            context["personal_pks"] = personal_data_pks(self.request.user, [self.get_object()])
        return context

    def created(self, person):
        context = {**self.get_serializer_context(), "personal_pks": personal_data_pks(self.request.user, [person])}
        return Response(s.PersonSerializer(person, context=context).data, status=status.HTTP_201_CREATED)

    def service_data(self, data, instance=None):
        # An edit by someone who may not see the personal fields leaves them as they are.
        if instance is not None and not self.request.user.has_perm("people.view_personal_data", instance):
            for name in Person.PERSONAL_FIELDS:
                data.pop(name, None)
        return data


class TeamViewSet(TenantServiceViewSet):
    model = Team
    related = ("lead",)
    ordering = ("name", "id")
    serializer_class = s.TeamSerializer
    filterset_class = TeamFilter
    create_service = staticmethod(services.create_team)
    update_service = staticmethod(services.update_team)


class PositionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Positions (and the certificates they need), for clients that assign crew."""

    model = Position
    ordering = ("name", "id")
    serializer_class = s.PositionSerializer


class AddRemoveViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, ServiceDestroyMixin, TenantViewSet
):
    """Records that are added and removed through services but never edited in place."""


class CertificationViewSet(AddRemoveViewSet):
    model = Certification
    related = ("person",)
    ordering = ("expires_on", "id")
    serializer_class = s.CertificationSerializer
    filterset_class = CertificationFilter
    create_service = staticmethod(services.add_certification)
    destroy_service = staticmethod(services.remove_certification)


class AssignmentViewSet(AddRemoveViewSet):
    """Assigning refuses missing certificates (400, code certification_missing, with `reasons`) and double
    booking (409); fatigue rules come back as `warnings` on the new assignment."""

    model = Assignment
    related = ("person", "position", "production", "event")
    ordering = ("call_time", "id")
    serializer_class = s.AssignmentSerializer
    filterset_class = AssignmentFilter
    create_service = staticmethod(services.assign_person)
    destroy_service = staticmethod(services.unassign)

    def create(self, request, *args, **kwargs):
        try:
            return super().create(request, *args, **kwargs)
        except CertificationMissing as exc:
            return Response(
                {"detail": str(exc), "code": exc.code, "reasons": exc.reasons}, status=status.HTTP_400_BAD_REQUEST
            )


class UnavailabilityViewSet(AddRemoveViewSet):
    model = Unavailability
    related = ("person",)
    ordering = ("start_date", "id")
    serializer_class = s.UnavailabilitySerializer
    filterset_class = UnavailabilityFilter
    create_service = staticmethod(services.add_unavailability)
    destroy_service = staticmethod(services.remove_unavailability)


class TimeEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Time entries: log hours (POST), correct them (PATCH) until approved, clock in and out, approve."""

    model = TimeEntry
    related = ("person", "production", "event")
    ordering = ("-work_date", "-id")
    serializer_class = s.TimeEntrySerializer
    filterset_class = TimeEntryFilter

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = data.pop("person")
        if "hours" not in data:
            raise ValidationError({"hours": [_("This field is required.")]})
        entry = services.log_hours(
            person,
            actor=request.user,
            work_date=data.get("work_date"),
            hours=data["hours"],
            break_minutes=data.get("break_minutes", 0),
            production=data.get("production"),
            assignment=data.get("assignment"),
            notes=data.get("notes", ""),
            override_note=data.get("override_note", ""),
            rate=data.get("rate"),
            rate_unit=data.get("rate_unit"),
            currency=data.get("currency"),
        )
        return self.created(entry)

    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        serializer = self.get_serializer(entry, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.update_time_entry(
            entry,
            actor=request.user,
            hours=data.get("hours"),
            break_minutes=data.get("break_minutes"),
            notes=data.get("notes"),
            work_date=data.get("work_date"),
            override_note=data.get("override_note"),
            rate=data.get("rate"),
            rate_unit=data.get("rate_unit"),
            currency=data.get("currency"),
        )
        return Response(self.get_serializer(entry).data)

    @extend_schema(request=s.ClockInSerializer, responses=s.TimeEntrySerializer)
    @action(detail=False, methods=["post"], url_path="clock-in")
    def clock_in(self, request):
        serializer = s.ClockInSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = services.clock_in(
            data["person"], actor=request.user, assignment=data.get("assignment"), production=data.get("production")
        )
        return self.created(entry)

    clock_out = detail_action(
        "clock_out",
        services.clock_out,
        s.ClockOutSerializer,
        schema=extend_schema(request=s.ClockOutSerializer, responses=s.TimeEntrySerializer),
        url_path="clock-out",
    )
    approve = detail_action("approve", services.approve_time_entry, s.NoteSerializer, schema=extend_schema(**NOTE_MOVE))
    reject = detail_action("reject", services.reject_time_entry, s.NoteSerializer, schema=extend_schema(**NOTE_MOVE))


class HoursReportView(APIView):
    """get_personnel_hours: hours by person, department, production or week, with overtime."""

    @extend_schema(parameters=[s.HoursQuerySerializer], responses=s.HoursReportSerializer)
    def get(self, request):
        query = s.HoursQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        workspace = data["workspace"]
        if not request.user.has_perm("people.view_timeentry", workspace):
            raise PermissionDenied(_("Your role does not see hours in this workspace."))
        report = get_personnel_hours(
            user=request.user,
            workspace=workspace,
            start=data["start"],
            end=data["end"],
            group_by=data["group_by"],
            approved_only=data["approved_only"],
        )
        rows = [
            {
                "key": str(r.key),
                "label": r.label,
                "entries": r.entries,
                "regular": r.regular,
                "overtime": r.overtime,
                "total": r.total,
            }
            for r in report.rows
        ]
        return Response(
            {
                "group_by": report.group_by,
                "start": report.start,
                "end": report.end,
                "overtime_after_hours": str(report.threshold),
                "rows": s.HoursRowSerializer(rows, many=True).data,
                "totals": {
                    "entries": report.entries,
                    "regular": str(report.regular),
                    "overtime": str(report.overtime),
                    "total": str(report.total),
                },
            }
        )


class TeamAvailabilityView(APIView):
    """get_team_availability: per person and day, free / assigned / unavailable (at most 62 days)."""

    @extend_schema(parameters=[s.AvailabilityQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        query = s.AvailabilityQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        workspace = data["workspace"]
        grid = get_team_availability(
            user=request.user, workspace=workspace, start=data["start"], end=data["end"], team=data.get("team")
        )
        return Response(
            {
                "days": grid.days,
                "people": [
                    {
                        "person": row.person.pk,
                        "name": row.person.full_name,
                        "days": [
                            {
                                "date": c.day,
                                "state": c.state,
                                "assignments": [a.pk for a in c.assignments],
                                "warnings": c.warnings,
                            }
                            for c in row.cells
                        ],
                    }
                    for row in grid.rows
                ],
                "free_per_day": grid.free_per_day,
            }
        )
