"""Expense pages: the list (filters, CSV), recording one with its receipt, approving it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import selectors, services
from ..filters import ExpenseFilter
from ..forms import ExpenseForm, NoteForm
from ..models import EXPENSE_TRANSITIONS, ExpenseStatus
from ._common import error_status, filtered_page, finance_context, get_expense, safe_querystring


def expense_list(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.view_expense", workspace):
        raise PermissionDenied("Your role does not show expenses.")
    page, form, status = filtered_page(
        request, selectors.expenses(request.user).filter(workspace=workspace), ExpenseFilter
    )
    context = finance_context(
        request,
        workspace,
        "expenses",
        page=page,
        filter_form=form,
        querystring=safe_querystring(request),
        can_create=request.user.has_perm("finance.add_expense", workspace),
    )
    return render(request, "finance/expenses.html", context, status=status)


def new_expense(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.add_expense", workspace):
        raise PermissionDenied("Your role does not record expenses here.")
    initial = {"spent_by": request.user.pk, "spent_on": timezone.localdate(), "tax": 0}
    form = ExpenseForm(
        request.POST or None, request.FILES or None, user=request.user, workspace=workspace, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                expense = services.create_expense(actor=request.user, workspace=workspace, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                form.add_error(None, _message(exc))
                status = error_status(exc) if isinstance(exc, DomainError) else 400
            else:
                messages.success(request, f"Expense #{expense.pk} recorded; it waits for approval.")
                return redirect("finance:expense", expense.pk)
        else:
            status = 400
    return render(
        request,
        "finance/expense_form.html",
        finance_context(request, workspace, "expenses", form=form, expense=None),
        status=status,
    )


def edit_expense(request, pk):
    expense = get_expense(request, pk)
    if not request.user.has_perm("finance.change_expense", expense):
        raise PermissionDenied("You may not change this expense.")
    if expense.status != ExpenseStatus.SUBMITTED:
        raise Http404("Only expenses waiting for approval are edited.")
    initial = {
        "spent_by": expense.spent_by_id,
        "spent_on": expense.spent_on,
        "description": expense.description,
        "merchant_name": expense.merchant_name,
        "category": expense.category,
        "production": expense.production_id,
        "budget_line": expense.budget_line_id,
        "amount_net": expense.amount,
        "tax": expense.tax,
        "currency": expense.currency,
        "exchange_rate": expense.exchange_rate if expense.currency != expense.workspace.organization.currency else None,
    }
    form = ExpenseForm(
        request.POST or None, request.FILES or None, user=request.user, workspace=expense.workspace, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_expense(expense, actor=request.user, **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                form.add_error(None, _message(exc))
                status = error_status(exc) if isinstance(exc, DomainError) else 400
            else:
                messages.success(request, "Expense saved.")
                return redirect("finance:expense", expense.pk)
        else:
            status = 400
    return render(
        request,
        "finance/expense_form.html",
        finance_context(request, expense.workspace, "expenses", form=form, expense=expense),
        status=status,
    )


def expense_detail(request, pk, *, status=200, error=None, form=None):
    expense = get_expense(request, pk)
    user = request.user
    own = user.pk in (expense.submitted_by_id, expense.spent_by_id) and not user.is_superuser
    may_decide = user.has_perm("finance.approve_expense", expense) and not own  # someone else decides
    moves = EXPENSE_TRANSITIONS[ExpenseStatus(expense.status)] if may_decide else set()
    context = finance_context(
        request,
        expense.workspace,
        "expenses",
        expense=expense,
        error=error,
        note_form=form or NoteForm(),
        actions=[m for m in (ExpenseStatus.APPROVED, ExpenseStatus.REJECTED, ExpenseStatus.REIMBURSED) if m in moves],
        can_edit=expense.status == ExpenseStatus.SUBMITTED and user.has_perm("finance.change_expense", expense),
        history=selectors.history(expense)[:10],
    )
    return render(request, "finance/expense_detail.html", context, status=status)


ACTIONS = {
    "approve": services.approve_expense,
    "reject": services.reject_expense,
    "reimburse": services.reimburse_expense,
}


@require_POST
def expense_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such action.")
    expense = get_expense(request, pk)
    if not request.user.has_perm("finance.approve_expense", expense):
        raise PermissionDenied("Your role does not decide on expenses.")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        ACTIONS[action](expense, actor=request.user, note=note)
    except DomainError as exc:
        return expense_detail(request, pk, status=error_status(exc), error=str(exc), form=form)
    messages.success(
        request, f"Expense #{expense.pk} {action}d." if action != "reject" else f"Expense #{expense.pk} rejected."
    )
    return redirect("finance:expense", pk)


def _message(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
