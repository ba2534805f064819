"""What every production page shares, including the tabs other modules add (productions.extensions):
its header, its tabs and what the user may do on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .extensions import Tab, registered_tabs
from .models import Production

if TYPE_CHECKING:
    from django.http import HttpRequest

# The tabs of productions itself; modules add theirs between them (by position).
TABS = [
    Tab("overview", gettext_lazy("Overview"), "productions:detail", "productions.view_production", 0),
    Tab("tasks", gettext_lazy("Tasks"), "productions:tasks", "productions.view_task", 30),
    Tab("milestones", gettext_lazy("Milestones"), "productions:milestones", "productions.view_milestone", 40),
    Tab("compliance", gettext_lazy("Compliance"), "productions:compliance", "productions.view_complianceitem", 50),
    Tab("team", gettext_lazy("Team"), "productions:team", "productions.view_teammember", 70),
]


def production_tabs() -> list[Tab]:
    """Every tab in order: the built-in ones and those the modules registered."""
    return sorted([*TABS, *registered_tabs()], key=lambda tab: tab.position)


def production_context(request: HttpRequest, production: Production, tab: str) -> dict[str, Any]:
    """The header and tabs every production page shows, and what the user may do here."""
    user = request.user

    def may(perm: str) -> bool:
        return user.has_perm(perm, production)

    return {
        "production": production,
        "workspace": production.workspace,
        "tab": tab,
        "tabs": [t for t in production_tabs() if t.name == "overview" or may(t.perm)],
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


def production_page(request: HttpRequest, pk: int, tab: str) -> tuple[Production, dict[str, Any]]:
    """A registered tab's page: the production (through visible_to: unseen → 404) and the context
    of its header and tabs, with `tab` active. A tab the user is not shown (its permission on the
    production) is a 404 too, so a tab's view never checks that itself."""
    productions = Production.objects.visible_to(request.user).select_related(
        "workspace__organization", "production_manager"
    )
    production = get_object_or_404(productions, pk=pk)
    context = production_context(request, production, tab)
    if not any(t.name == tab for t in context["tabs"]):
        raise Http404(_("No such page for this production."))
    return production, context
