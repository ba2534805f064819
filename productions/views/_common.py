"""What every productions page shares: fetching through visible_to (unseen → 404), the header and
tabs (productions.pages, which the tabs of other modules use too), turning domain errors into a status."""

from dragonfly.core.pages import error_status, safe_querystring, visible_or_404  # noqa: F401 (re-exported)

from ..models import ChecklistItem, ComplianceItem, Milestone, Production, Task, TeamMember
from ..pages import production_context  # noqa: F401 (re-exported)


def get_production(request, pk):
    related = ("workspace__organization", "venue", "venue__parent", "production_manager")
    return visible_or_404(Production, request.user, pk, *related)


def get_task(request, pk):
    return visible_or_404(Task, request.user, pk, "production__workspace__organization", "assignee", "created_by")


def get_milestone(request, pk):
    return visible_or_404(Milestone, request.user, pk, "production__workspace__organization", "owner")


def get_compliance_item(request, pk):
    related = ("production__workspace__organization", "owner", "document", "production__production_manager")
    return visible_or_404(ComplianceItem, request.user, pk, *related)


def get_checklist_item(request, pk):
    return visible_or_404(ChecklistItem, request.user, pk, "task__production__workspace__organization")


def get_team_member(request, pk):
    return visible_or_404(TeamMember, request.user, pk, "production__workspace__organization", "user")
