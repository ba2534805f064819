"""Budgets and their lines: create, plan, lock the baseline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.events import publish
from productions.models import Production

from ..errors import Conflict, FinanceInvalid
from ..models import Budget, BudgetLine, SpendingEntry
from ..models.budgets import BUDGET_CATEGORIES
from ..money import amount
from ._common import record, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

    from ..money import Number

NAME_MAX = 200


def create_budget(
    *,
    actor: User,
    workspace: Workspace,
    production: Production | None = None,
    name: str | None = "",
    owner: User | None = None,
    notes: str | None = "",
    lines: Sequence[Mapping[str, Any]] = (),
) -> Budget:
    """A budget for a production (or the workspace itself), optionally with planned lines."""
    require(actor, "finance.add_budget", workspace, _("Your role does not let you create budgets in this workspace."))
    if production is not None and (
        production.workspace_id != workspace.pk
        or not Production.objects.visible_to(actor).filter(pk=production.pk).exists()
    ):
        raise FinanceInvalid(_("Pick a production of this workspace that you can see."))
    name = (name or "").strip() or (f"{production.name} budget" if production else f"{workspace.name} budget")
    if len(name) > NAME_MAX:
        raise FinanceInvalid(_("The name takes at most 200 characters."))
    _check_owner(owner, workspace)
    existing = (
        Budget.objects.filter(production=production)
        if production
        else Budget.objects.filter(workspace=workspace, production__isnull=True)
    )
    if existing.exists():
        raise FinanceInvalid(
            _("This production already has a budget.")
            if production
            else _("This workspace already has its own budget.")
        )
    try:
        with transaction.atomic():
            budget = Budget.objects.create(
                workspace=workspace,
                production=production,
                name=name,
                owner=owner,
                notes=(notes or "").strip(),
                currency=workspace.organization.currency,
                created_by=actor,
            )
            for position, raw in enumerate(lines, start=1):
                _new_line(budget, position=position, **raw)
            record(budget, actor=actor, verb="budget.created", data={"lines": len(lines)})
    except IntegrityError:
        raise FinanceInvalid(_("This production already has a budget, or a category appears twice.")) from None
    return budget


def update_budget(
    budget: Budget,
    *,
    actor: User,
    name: str | None = None,
    owner: User | None = None,
    notes: str | None = None,
    owner_given: bool = False,
) -> Budget:
    require(actor, "finance.change_budget", budget, _("You may not change this budget."))
    changed = []
    if name is not None:
        name = name.strip()
        if not name or len(name) > NAME_MAX:
            raise FinanceInvalid(_("Give the budget a name of at most 200 characters."))
        if name != budget.name:
            budget.name = name
            changed.append("name")
    if owner_given and owner != budget.owner:
        _check_owner(owner, budget.workspace)
        budget.owner = owner
        changed.append("owner")
    if notes is not None and notes.strip() != budget.notes:
        budget.notes = notes.strip()
        changed.append("notes")
    with transaction.atomic():
        budget.save()
        record(budget, actor=actor, verb="budget.edited", data={"changed": changed})
    return budget


def save_line(
    budget: Budget,
    *,
    actor: User,
    category: str,
    planned_amount: Number,
    name: str | None = "",
    owner: User | None = None,
    notes: str | None = "",
    line: BudgetLine | None = None,
) -> BudgetLine:
    """Add a line for a category, or change one. The working amount moves; the baseline stays."""
    require(actor, "finance.change_budget", budget, _("You may not change this budget."))
    if category not in BUDGET_CATEGORIES:
        raise FinanceInvalid(_("Pick one of the budget categories."))
    planned = amount(planned_amount, _("The planned amount"))
    _check_owner(owner, budget.workspace)
    with transaction.atomic():
        clash = BudgetLine.objects.filter(budget=budget, category=category)
        if line is not None:
            clash = clash.exclude(pk=line.pk)
        if clash.exists():
            raise FinanceInvalid(_("This budget already has a %(category)s line.") % {"category": category})
        before = None if line is None else str(line.planned_amount)
        if line is None:
            position = (budget.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
            line = _new_line(
                budget,
                category=category,
                planned_amount=planned,
                name=name,
                owner=owner,
                notes=notes,
                position=position,
            )
        else:
            if line.budget_id != budget.pk:
                raise FinanceInvalid(_("This line belongs to another budget."))
            line.category, line.planned_amount, line.owner = category, planned, owner
            line.name, line.notes = (name or "").strip()[:200], (notes or "").strip()
            line.save()
        entry = record(
            budget,
            actor=actor,
            verb="budget.line_saved",
            data={"line": line.pk, "category": category, "planned_before": before, "planned": str(planned)},
        )
        # A new plan can put the line past 80 % or 100 % of it: the alert subscriber checks.
        publish("budget.line_saved", budget, actor=actor, entry=entry, data={"lines": [line.pk]})
    return line


def update_line(line: BudgetLine, *, actor: User, **changes: Any) -> BudgetLine:
    """Change some of a line's fields; the others keep their value."""
    current = {
        "category": line.category,
        "planned_amount": line.planned_amount,
        "name": line.name,
        "owner": line.owner,
        "notes": line.notes,
    }
    return save_line(line.budget, actor=actor, line=line, **{**current, **changes})


def delete_line(line: BudgetLine, *, actor: User) -> None:
    budget = line.budget
    require(actor, "finance.change_budget", budget, _("You may not change this budget."))
    with transaction.atomic():
        if SpendingEntry.objects.filter(line=line).exists():
            raise FinanceInvalid(_("Money has been committed or spent on this line; set its plan to 0 instead."))
        record(budget, actor=actor, verb="budget.line_deleted", data={"category": line.category})
        line.delete()


def lock_baseline(budget: Budget, *, actor: User, note: str | None = "") -> Budget:
    """Approve the budget: the working amounts become the baseline, which no longer changes."""
    require(actor, "finance.approve_budget", budget, _("Your role does not let you lock this budget's baseline."))
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        if budget.is_baselined:
            raise Conflict(_("The baseline of this budget is already locked."))
        lines = list(budget.lines.all())
        if not lines:
            raise FinanceInvalid(_("Plan at least one line before locking the baseline."))
        for line in lines:
            line.baseline_amount = line.planned_amount
        BudgetLine.objects.bulk_update(lines, ["baseline_amount"])
        budget.baseline_locked_at, budget.baseline_locked_by = timezone.now(), actor
        budget.save(update_fields=["baseline_locked_at", "baseline_locked_by", "updated_at"])
        total = sum((line.planned_amount for line in lines), 0)
        record(
            budget,
            actor=actor,
            verb="budget.baseline_locked",
            note=(note or "").strip(),
            data={"baseline_total": str(total)},
        )
    return budget


def _new_line(budget, *, category, planned_amount=0, name="", owner=None, notes="", position=0):
    if category not in BUDGET_CATEGORIES:
        raise FinanceInvalid(_("“%(category)s” is not a budget category.") % {"category": category})
    return BudgetLine.objects.create(
        budget=budget,
        category=category,
        planned_amount=amount(planned_amount, _("The planned amount of %(category)s") % {"category": category}),
        name=(name or "").strip()[:200],
        owner=owner,
        notes=(notes or "").strip(),
        position=position,
    )


def _check_owner(owner, workspace):
    if owner is None:
        return
    from dragonfly.tenancy.access import get_access

    if get_access(owner).role_in(workspace) is None and not owner.is_superuser:
        raise FinanceInvalid(_("The owner must be a member of this workspace."))
