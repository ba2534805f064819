"""Expenses: recorded with a receipt, approved by someone other than who recorded them,
then actual cost on the budget line of their category."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.files.services import store_upload
from productions.models import Production

from ..errors import Conflict, FinanceInvalid
from ..models import Expense, ExpenseStatus, SpendingSource
from ..models.budgets import BUDGET_CATEGORIES
from ..money import amount, currency_and_rate, to_base
from ._common import move, record, require
from .spending import budget_for, desired_for_expense, line_for_category, lock_budget, post

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from dragonfly.files.models import Attachment
    from dragonfly.tenancy.models import Workspace

    from ..models import BudgetLine
    from ..money import Number

E = ExpenseStatus
SOURCE = SpendingSource.EXPENSE
EDITABLE = (E.SUBMITTED,)
LOCK_RELATED = ("workspace__organization",)


def create_expense(
    *,
    actor: User,
    workspace: Workspace,
    spent_by: User | None,
    spent_on: datetime.date,
    description: str | None,
    amount_net: Number,
    category: str,
    tax: Number | None = 0,
    currency: str | None = None,
    exchange_rate: Number | None = None,
    production: Production | None = None,
    budget_line: BudgetLine | None = None,
    merchant_name: str | None = "",
    receipt: UploadedFile | None = None,
) -> Expense:
    """Record an expense (with its receipt upload, stored in the receipts bucket)."""
    require(actor, "finance.add_expense", workspace, _("Your role does not let you record expenses here."))
    fields = _clean(
        workspace,
        actor=actor,
        spent_by=spent_by,
        spent_on=spent_on,
        description=description,
        amount_net=amount_net,
        tax=tax,
        category=category,
        currency=currency,
        exchange_rate=exchange_rate,
        production=production,
        budget_line=budget_line,
        merchant_name=merchant_name,
    )
    with transaction.atomic():
        expense = Expense.objects.create(workspace=workspace, submitted_by=actor, **fields)
        if receipt is not None:
            attach_receipt(expense, receipt, actor=actor)
        record(
            expense,
            actor=actor,
            verb="expense.submitted",
            to_state=E.SUBMITTED,
            data={"amount": str(expense.base_amount), "category": category},
        )
    return expense


def update_expense(expense: Expense, *, actor: User, receipt: UploadedFile | None = None, **changes: Any) -> Expense:
    with transaction.atomic():
        expense = _lock(expense)
        require(actor, "finance.change_expense", expense, _("You may not change this expense."))
        if expense.status not in EDITABLE:
            raise Conflict(_("Only expenses waiting for approval can be changed."))
        current = {
            "spent_by": expense.spent_by,
            "spent_on": expense.spent_on,
            "description": expense.description,
            "amount_net": expense.amount,
            "tax": expense.tax,
            "category": expense.category,
            "currency": expense.currency,
            "exchange_rate": expense.exchange_rate,
            "production": expense.production,
            "budget_line": expense.budget_line,
            "merchant_name": expense.merchant_name,
        }
        if "currency" in changes and "exchange_rate" not in changes:
            current["exchange_rate"] = None
        current.update(changes)
        fields = _clean(expense.workspace, actor=actor, **current)
        for key, value in fields.items():
            setattr(expense, key, value)
        expense.save()
        if receipt is not None:
            attach_receipt(expense, receipt, actor=actor)
        record(expense, actor=actor, verb="expense.edited", data={"changed": sorted(changes)})
    return expense


def attach_receipt(expense: Expense, upload: UploadedFile, *, actor: User) -> Attachment:
    attachment = store_upload(upload, bucket="receipts", actor=actor, workspace=expense.workspace, attach_to=expense)
    expense.receipt = attachment
    expense.save(update_fields=["receipt", "updated_at"])
    return attachment


DECISION_FIELDS = ["decided_by", "decided_at", "decision_note"]


def approve_expense(expense: Expense, *, actor: User, note: str | None = "") -> Expense:
    """Approve: the expense becomes actual cost on its budget line (found by category when empty)."""
    require(actor, "finance.approve_expense", expense, _("Your role does not let you approve expenses."))
    note = (note or "").strip()

    def decide(locked: Expense) -> None:
        _refuse_own(actor, locked)
        budget = budget_for(workspace=locked.workspace, production=locked.production)
        if budget is not None:
            budget = lock_budget(budget)
            if locked.budget_line_id is None:
                locked.budget_line = line_for_category(budget, locked.category)
        locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note

    with transaction.atomic():
        expense = _move(
            expense, E.APPROVED, actor=actor, note=note, prepare=decide, fields=[*DECISION_FIELDS, "budget_line"]
        )
        post(SOURCE, desired_for_expense(expense), actor=actor, memo=f"Expense #{expense.pk} approved")
    return expense


def reject_expense(expense: Expense, *, actor: User, note: str | None) -> Expense:
    require(actor, "finance.approve_expense", expense, _("Your role does not let you approve expenses."))
    note = (note or "").strip()

    def decide(locked: Expense) -> None:
        _refuse_own(actor, locked)
        if not note:
            raise FinanceInvalid(_("Say why the expense is rejected."))
        locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), note

    return _move(expense, E.REJECTED, actor=actor, note=note, prepare=decide, fields=DECISION_FIELDS)


def reimburse_expense(expense: Expense, *, actor: User, note: str = "") -> Expense:
    require(actor, "finance.approve_expense", expense, _("Your role does not let you reimburse expenses."))

    def paid_back(locked: Expense) -> None:
        locked.reimbursed_at = timezone.now()

    return _move(expense, E.REIMBURSED, actor=actor, note=note, prepare=paid_back, fields=["reimbursed_at"])


def _refuse_own(actor, expense):
    if actor.pk in (expense.submitted_by_id, expense.spent_by_id) and not actor.is_superuser:
        raise FinanceInvalid(_("You spent or recorded this expense, so someone else must approve it."))


def _move(expense, to_status, **options):
    return move(expense, to_status, verb=f"expense.{to_status}", related=LOCK_RELATED, **options)


def _lock(expense):
    return Expense.objects.select_for_update(of=("self",)).select_related(*LOCK_RELATED).get(pk=expense.pk)


def _clean(
    workspace,
    *,
    actor,
    spent_by,
    spent_on,
    description,
    amount_net,
    tax,
    category,
    currency,
    exchange_rate,
    production,
    budget_line,
    merchant_name,
):
    from dragonfly.tenancy.access import get_access

    organization = workspace.organization
    description = (description or "").strip()
    if not description or len(description) > 300:
        raise FinanceInvalid(_("Describe the expense in at most 300 characters."))
    if category not in BUDGET_CATEGORIES:
        raise FinanceInvalid(_("Pick one of the budget categories."))
    if not isinstance(spent_on, datetime.date):
        raise FinanceInvalid(_("Give the date of the expense."))
    if spent_on > timezone.localdate() + datetime.timedelta(days=1):
        raise FinanceInvalid(_("An expense cannot be dated in the future."))
    if spent_by is None or (get_access(spent_by).role_in(workspace) is None and not spent_by.is_superuser):
        raise FinanceInvalid(_("Who spent the money must be a member of this workspace."))
    if production is not None and (
        production.workspace_id != workspace.pk
        or not Production.objects.visible_to(actor).filter(pk=production.pk).exists()
    ):
        raise FinanceInvalid(_("Pick a production of this workspace that you can see."))
    if budget_line is not None and budget_line.budget.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a budget line of this workspace."))
    net = amount(amount_net, _("The amount"))
    tax_value = amount(tax or 0, _("The tax"))
    code, rate = currency_and_rate(currency, exchange_rate, organization)
    return {
        "spent_by": spent_by,
        "spent_on": spent_on,
        "description": description,
        "amount": net,
        "tax": tax_value,
        "category": category,
        "currency": code,
        "exchange_rate": rate,
        "base_amount": to_base(net, rate),
        "production": production,
        "budget_line": budget_line,
        "merchant_name": (merchant_name or "").strip()[:200],
    }
