"""What every productions page shares: fetching through visible_to (unseen → 404), the header and
tabs (productions.pages, which the tabs of other modules use too), turning domain errors into a status."""

from django.shortcuts import get_object_or_404

from dragonfly.core.pages import error_status, safe_querystring  # noqa: F401 (re-exported)

from ..models import ChecklistItem, ComplianceItem, Milestone, Production, Task, TeamMember
from ..pages import production_context  # noqa: F401 (re-exported)


def get_production(request, pk):
    qs = Production.objects.visible_to(request.user).select_related(
        "workspace__organization", "venue", "venue__parent", "production_manager"
    )
    return get_object_or_404(qs, pk=pk)


def get_task(request, pk):
    qs = Task.objects.visible_to(request.user).select_related(
        "production__workspace__organization", "assignee", "created_by"
    )
    return get_object_or_404(qs, pk=pk)


def get_milestone(request, pk):
    qs = Milestone.objects.visible_to(request.user).select_related("production__workspace__organization", "owner")
    return get_object_or_404(qs, pk=pk)


def get_compliance_item(request, pk):
    qs = ComplianceItem.objects.visible_to(request.user).select_related(
        "production__workspace__organization", "owner", "document", "production__production_manager"
    )
    return get_object_or_404(qs, pk=pk)


def get_checklist_item(request, pk):
    qs = ChecklistItem.objects.visible_to(request.user).select_related("task__production__workspace__organization")
    return get_object_or_404(qs, pk=pk)


def get_team_member(request, pk):
    qs = TeamMember.objects.visible_to(request.user).select_related("production__workspace__organization", "user")
    return get_object_or_404(qs, pk=pk)
