"""The productions API: the same services, filters and visibility as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.viewsets import (
    ServiceCreateMixin,
    ServiceDestroyMixin,
    ServiceModelViewSet,
    TenantModelViewSet,
    TenantViewSet,
)

from .. import services
from ..extensions import summary_sections
from ..filters import ComplianceFilter, MilestoneFilter, ProductionFilter, TaskFilter
from ..models import ComplianceItem, Milestone, Production, Task, TeamMember
from .serializers import (
    CommentSerializer,
    ComplianceItemSerializer,
    MilestoneSerializer,
    MoveSerializer,
    ProductionHealthSerializer,
    ProductionSerializer,
    ProductionSummarySerializer,
    TaskMoveSerializer,
    TaskSerializer,
    TeamMemberSerializer,
)


class ProductionViewSet(ServiceModelViewSet):
    """Productions the user may see. Status changes go through `move` (the lifecycle table)."""

    model = Production
    related = ("workspace__organization", "venue", "production_manager")
    ordering = ("start_date", "id")
    serializer_class = ProductionSerializer
    filterset_class = ProductionFilter
    create_service = staticmethod(services.create_production)
    update_service = staticmethod(services.update_production)
    destroy_service = staticmethod(services.delete_production)

    @extend_schema(request=MoveSerializer, responses=ProductionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move through the lifecycle; a refused move answers 409 and changes nothing."""
        return self.act(services.move_production, MoveSerializer)

    @extend_schema(responses=ProductionSummarySerializer)
    @action(detail=True, methods=["get"])
    def summary(self, request, pk=None):
        """get_production_summary: tasks by status, next events, advances, compliance."""
        production = self.get_object()
        summary = services.get_production_summary(production, user=request.user)
        return Response(
            {
                "tasks": {status.value: n for status, n in summary["tasks"]},
                # The sections other modules add (next_events, advances), as they put them.
                **{section.name: section.as_json(summary[section.name]) for section in summary_sections()},
                "compliance": {status.value: n for status, n in summary["compliance"]},
                "milestones_open": summary["milestones_open"],
                "milestones_overdue": summary["milestones_overdue"],
            }
        )

    @extend_schema(responses=ProductionHealthSerializer)
    @action(detail=True, methods=["get"])
    def health(self, request, pk=None):
        """calculate_production_health, now: the score and each factor behind it."""
        report = services.calculate_production_health(self.get_object())
        return Response({"score": report.score, "factors": report.as_json()})


class TeamMemberViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceDestroyMixin, TenantViewSet
):
    model = TeamMember
    related = ("production",)
    serializer_class = TeamMemberSerializer
    filterset_fields = ["production", "user"]
    create_service = staticmethod(services.add_team_member)
    destroy_service = staticmethod(services.remove_team_member)


class MilestoneViewSet(TenantModelViewSet):
    model = Milestone
    related = ("production__workspace__organization", "owner")
    ordering = ("due_date", "id")
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    destroy_service = staticmethod(services.delete_milestone)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        production, done = data.pop("production"), data.pop("done", False)
        milestone = services.create_milestone(production, actor=self.request.user, **data)
        if done:
            milestone = services.set_milestone_done(milestone, actor=self.request.user, done=True)
        serializer.instance = milestone

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("production", None)
        done = data.pop("done", None)
        milestone = serializer.instance
        if data:
            milestone = services.update_milestone(milestone, actor=self.request.user, **data)
        if done is not None:
            milestone = services.set_milestone_done(milestone, actor=self.request.user, done=done)
        serializer.instance = milestone


class TaskViewSet(TenantModelViewSet):
    model = Task
    related = ("production__workspace__organization", "assignee")
    prefetch = ("checklist",)
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    destroy_service = staticmethod(services.delete_task)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        production = data.pop("production")
        checklist = data.pop("new_checklist", [])
        serializer.instance = services.create_task(production, actor=self.request.user, checklist=checklist, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("production", None)
        data.pop("new_checklist", None)
        to_status = data.pop("status", None)
        task = serializer.instance
        if data:
            task = services.update_task(task, actor=self.request.user, **data)
        if to_status is not None and to_status != task.status:
            task = services.move_task(task, actor=self.request.user, to_status=to_status)
        serializer.instance = Task.objects.prefetch_related("checklist").get(pk=task.pk)

    @extend_schema(request=TaskMoveSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        task = self.get_object()
        body = TaskMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.move_task(
            task, actor=request.user, to_status=body.validated_data["to_status"], note=body.validated_data["note"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(request=CommentSerializer, responses=CommentSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])  # the whole thread
    def comments(self, request, pk=None):
        task = self.get_object()
        if request.method == "POST":
            body = CommentSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            comment = services.comment_on_task(task, actor=request.user, body=body.validated_data["body"])
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        return Response(CommentSerializer(task.comments.select_related("author"), many=True).data)


class ComplianceItemViewSet(ServiceModelViewSet):
    """Compliance items; documents are uploaded on the pages (multipart), listed here by URL."""

    model = ComplianceItem
    related = ("production__workspace__organization", "owner")
    ordering = ("required_by", "id")
    serializer_class = ComplianceItemSerializer
    filterset_class = ComplianceFilter
    parent_field = "production"
    create_service = staticmethod(services.create_compliance_item)
    update_service = staticmethod(services.update_compliance_item)
    destroy_service = staticmethod(services.delete_compliance_item)
