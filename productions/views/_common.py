"""What every productions page shares: fetching through visible_to (unseen → 404), the tabs,
turning domain errors into a status."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from dragonfly.core.pages import error_status, safe_querystring  # noqa: F401 (re-exported)

from ..models import ChecklistItem, ComplianceItem, Milestone, Production, Task, TeamMember


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


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url_name: str
    perm: str


TABS = [
    Tab("overview", "Overview", "productions:detail", "productions.view_production"),
    Tab("schedule", "Schedule", "productions:schedule", "events.view_event"),
    Tab("tasks", "Tasks", "productions:tasks", "productions.view_task"),
    Tab("milestones", "Milestones", "productions:milestones", "productions.view_milestone"),
    Tab("compliance", "Compliance", "productions:compliance", "productions.view_complianceitem"),
    Tab("advances", "Advances", "productions:advances", "advancing.view_advance"),
    Tab("team", "Team", "productions:team", "productions.view_teammember"),
    Tab("financials", "Financials", "finance:financials", "finance.view_budget"),  # the finance module's page
]


def production_context(request, production, tab):
    """The header and tabs every production page shows, and what the user may do here."""
    user = request.user

    def may(perm):
        return user.has_perm(perm, production)

    return {
        "production": production,
        "workspace": production.workspace,
        "tab": tab,
        "tabs": [t for t in TABS if t.name == "overview" or may(t.perm)],
        "can": {
            "edit": may("productions.change_production"),
            "move": may("productions.move_production"),
            "add_task": may("productions.add_task") and not production.is_closed,
            "change_task": may("productions.change_task"),
            "add_milestone": may("productions.add_milestone"),
            "change_milestone": may("productions.change_milestone"),
            "add_compliance": may("productions.add_complianceitem"),
            "change_compliance": may("productions.change_complianceitem"),
            "add_event": may("events.add_event"),
        },
    }
