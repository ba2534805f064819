"""What the MCP tools do, as plain functions of the acting user: every read goes through the module's
`visible_to` (another organization's row is "not found", as on the pages), every write through the
module's service (which checks the user's permission). The server (server.py) adds the token, its
scopes and the protocol around them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advancing import services as advancing
from advancing.models import Advance, CatalogItem
from dragonfly.core.errors import DomainError
from events.models import Event
from finance import selectors as finance
from productions import services as productions
from productions.extensions import summary_sections
from productions.models import Production
from search import services as search_services

MAX_ROWS = 100


class NotFound(DomainError):
    code = "not_found"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_ROWS))


NOT_FOUND = {
    "workspace": gettext_lazy("No workspace #%(id)s that you may see."),
    "production": gettext_lazy("No production #%(id)s that you may see."),
    "event": gettext_lazy("No event #%(id)s that you may see."),
    "advance": gettext_lazy("No advance #%(id)s that you may see."),
    "budget": gettext_lazy("No budget #%(id)s that you may see."),
}


def _one(queryset: Any, pk: int, what: str) -> Any:
    """The row `pk` of `queryset` (the user's `visible_to`): another organization's is "not found"."""
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise NotFound(str(NOT_FOUND[what]) % {"id": pk}) from None


# --- search -----------------------------------------------------------------------------------------
def search(user: Any, query: str, limit: int = 20) -> list[dict[str, Any]]:
    hits = search_services.search_all(user, query)[: _limit(limit)]
    return [
        {"type": hit.source.key, "id": hit.obj.pk, "title": hit.title, "snippet": hit.body[:300], "url": hit.url}
        for hit in hits
    ]


# --- workspaces -------------------------------------------------------------------------------------
def list_workspaces(user: Any) -> list[dict[str, Any]]:
    from dragonfly.tenancy.models import Workspace

    rows = Workspace.objects.visible_to(user).select_related("organization").order_by("organization__name", "name")
    return [{"id": w.pk, "name": w.name, "organization": w.organization.name} for w in rows[:MAX_ROWS]]


# --- productions --------------------------------------------------------------------------------------
def _production(p: Production) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "code": p.code,
        "type": p.type,
        "status": p.status,
        "workspace": p.workspace.name,
        "start_date": _date(p.start_date),
        "end_date": _date(p.end_date),
        "health_score": p.health_score,
    }


def list_productions(user: Any, status: str = "", limit: int = 50) -> list[dict[str, Any]]:
    rows = Production.objects.visible_to(user).select_related("workspace").order_by("-start_date", "-id")
    if status:
        rows = rows.filter(status=status)
    return [_production(p) for p in rows[: _limit(limit)]]


def get_production(user: Any, production_id: int) -> dict[str, Any]:
    production = _one(Production.objects.visible_to(user).select_related("workspace"), production_id, "production")
    return {**_production(production), "description": production.description}


def production_summary(user: Any, production_id: int) -> dict[str, Any]:
    production = _one(Production.objects.visible_to(user).select_related("workspace"), production_id, "production")
    summary = productions.get_production_summary(production, user=user)
    health = productions.calculate_production_health(production)
    return {
        "production": _production(production),
        "tasks": {status.value: n for status, n in summary["tasks"]},
        **{section.name: section.as_json(summary[section.name]) for section in summary_sections()},
        "compliance": {status.value: n for status, n in summary["compliance"]},
        "milestones_open": summary["milestones_open"],
        "milestones_overdue": summary["milestones_overdue"],
        "health": {"score": health.score, "factors": health.as_json()},
    }


# --- events ---------------------------------------------------------------------------------------------
def _event(e: Event) -> dict[str, Any]:
    return {
        "id": e.pk,
        "title": e.title,
        "kind": e.kind,
        "status": e.status,
        "production_id": e.production_id,
        "starts_at": _date(e.starts_at),
        "ends_at": _date(e.ends_at),
        "timezone": e.timezone,
    }


def list_events(user: Any, production_id: int | None = None, limit: int = 50) -> list[dict[str, Any]]:
    rows = Event.objects.visible_to(user).order_by("starts_at", "id")
    if production_id:
        rows = rows.filter(production_id=production_id)
    return [_event(e) for e in rows[: _limit(limit)]]


def get_event(user: Any, event_id: int) -> dict[str, Any]:
    event = _one(Event.objects.visible_to(user), event_id, "event")
    return {**_event(event), "description": event.description}


# --- advances ---------------------------------------------------------------------------------------
def _advance(a: Advance) -> dict[str, Any]:
    return {
        "id": a.pk,
        "status": a.status,
        "workspace": a.workspace.name,
        "production_id": a.production_id,
        "activation_name": a.activation_name,
        "team": a.team_workspace,
        "submitter": a.submitter.get_username(),
        "submitted_at": _date(a.submitted_at),
        "estimated_cost": _money(a.estimated_cost),
        "approved_cost": _money(a.approved_cost),
        "currency": a.currency,
    }


def _advances(user: Any) -> Any:
    return Advance.objects.visible_to(user).select_related("workspace", "submitter")


def list_advances(user: Any, status: str = "", limit: int = 50) -> list[dict[str, Any]]:
    rows = _advances(user).order_by("-created_at", "-id")
    if status:
        rows = rows.filter(status=status)
    return [_advance(a) for a in rows[: _limit(limit)]]


def get_advance(user: Any, advance_id: int) -> dict[str, Any]:
    advance = _one(_advances(user), advance_id, "advance")
    items = advance.items.select_related("catalog_item").order_by("position", "id")
    return {
        **_advance(advance),
        "reviewer_notes": advance.reviewer_notes,
        "items": [
            {
                "name": i.name,
                "catalog_item": i.catalog_item.item_id if i.catalog_item else None,
                "quantity": str(i.quantity),
                "approved_quantity": _money(i.approved_quantity),
                "unit": i.unit,
                "unit_cost": str(i.unit_cost),
                "total_cost": str(i.total_cost),
            }
            for i in items
        ],
    }


def submit_advance(
    user: Any,
    workspace_id: int,
    items: list[dict[str, Any]],
    production_id: int | None = None,
    activation_name: str = "",
    team: str = "",
) -> dict[str, Any]:
    """Create an advance with `items` and submit it to the production office, as `user`."""
    from dragonfly.tenancy.models import Workspace

    workspace = _one(Workspace.objects.visible_to(user), workspace_id, "workspace")
    production = None
    if production_id:
        production = _one(Production.objects.visible_to(user), production_id, "production")
    lines = []
    for raw in items or []:
        line = dict(raw)
        code = line.pop("catalog_item", None)
        if code:
            catalog = CatalogItem.objects.filter(item_id=str(code)).first()
            if catalog is None:
                raise NotFound(_("No catalog item %(code)s.") % {"code": code})
            line["catalog_item"] = catalog
        lines.append(line)
    advance = advancing.create_advance(
        actor=user,
        workspace=workspace,
        production=production,
        team_workspace=team,
        activation_name=activation_name,
        items=lines,
    )
    advancing.submit_advance(advance, actor=user)
    return get_advance(user, advance.pk)


def approve_advance(user: Any, advance_id: int, note: str = "") -> dict[str, Any]:
    advance = _one(_advances(user), advance_id, "advance")
    advancing.approve_advance(advance, actor=user, note=note)
    return get_advance(user, advance.pk)


def reject_advance(user: Any, advance_id: int, note: str) -> dict[str, Any]:
    advance = _one(_advances(user), advance_id, "advance")
    advancing.reject_advance(advance, actor=user, note=note)
    return get_advance(user, advance.pk)


# --- budgets ----------------------------------------------------------------------------------------
def _budget(b: Any) -> dict[str, Any]:
    figures = b.figures
    return {
        "id": b.pk,
        "name": b.name,
        "workspace": b.workspace.name,
        "production_id": b.production_id,
        "currency": b.currency,
        "planned": _money(figures.planned),
        "committed": _money(figures.committed),
        "actual": _money(figures.actual),
        "state": b.state,
        "lines_red": b.lines_red,
        "lines_amber": b.lines_amber,
    }


def list_budgets(user: Any, limit: int = 50) -> list[dict[str, Any]]:
    return [_budget(b) for b in finance.with_glance(finance.budgets(user)[: _limit(limit)])]


def get_budget(user: Any, budget_id: int) -> dict[str, Any]:
    budget = _one(finance.budgets(user), budget_id, "budget")
    (budget,) = finance.with_glance([budget])
    lines = finance.budget_lines(user).filter(budget=budget)
    return {
        **_budget(budget),
        "notes": budget.notes,
        "lines": [
            {"name": line.name, "category": line.category, "planned": _money(line.planned_amount)}
            for line in lines[:MAX_ROWS]
        ],
    }


# --- the catalog ------------------------------------------------------------------------------------
def _catalog_item(c: CatalogItem) -> dict[str, Any]:
    return {
        "item_id": c.item_id,
        "category": c.category,
        "subcategory": c.subcategory,
        "name": c.name,
        "unit": c.standard_unit,
        "variations": c.common_variations,
        "accessories": c.related_accessories,
        "specifications": c.specifications,
    }


def catalog() -> list[dict[str, Any]]:
    rows = CatalogItem.objects.filter(enabled=True).order_by("category", "item_id")
    return [{k: v for k, v in _catalog_item(c).items() if k in ("item_id", "category", "name", "unit")} for c in rows]


def catalog_item(item_id: str) -> dict[str, Any]:
    item = CatalogItem.objects.filter(enabled=True, item_id=item_id).first()
    if item is None:
        raise NotFound(_("No catalog item %(code)s.") % {"code": item_id})
    return _catalog_item(item)
