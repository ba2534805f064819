"""Expense pages: the list (filters, CSV), recording one with its receipt, approving it."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import form_page, initial_from
from dragonfly.tenancy.access import require

from .. import selectors, services
from ..filters import ExpenseFilter
from ..forms import ExpenseForm, NoteForm
from ..models import EXPENSE_TRANSITIONS, ExpenseStatus
from ._common import finance_context, finance_workspace, get_expense, note_action, page_url, workspace_list


def expense_list(request, org_slug, ws_slug):
    return workspace_list(request, "expenses", selectors.expenses, ExpenseFilter)


def new_expense(request, org_slug, ws_slug):
    workspace = finance_workspace(request, "finance.add_expense", _("Your role does not record expenses here."))
    initial = {"spent_by": request.user.pk, "spent_on": timezone.localdate(), "tax": 0}
    return _expense_form(
        request,
        workspace,
        initial,
        save=lambda data: services.create_expense(actor=request.user, workspace=workspace, **data),
        success=lambda expense: _("Expense #%(number)s recorded; it waits for approval.") % {"number": expense.pk},
    )


def edit_expense(request, pk):
    expense = get_expense(request, pk)
    require(request.user, "finance.change_expense", expense, _("You may not change this expense."))
    if expense.status != ExpenseStatus.SUBMITTED:
        raise Http404("Only expenses waiting for approval are edited.")
    fields = ("spent_by", "spent_on", "description", "merchant_name", "category", "production", "budget_line")
    initial = {
        **initial_from(expense, fields),
        "amount_net": expense.amount,
        "tax": expense.tax,
        "currency": expense.currency,
        "exchange_rate": expense.exchange_rate if expense.currency != expense.workspace.organization.currency else None,
    }
    return _expense_form(
        request,
        expense.workspace,
        initial,
        expense=expense,
        save=lambda data: services.update_expense(expense, actor=request.user, **data),
        success=_("Expense saved."),
    )


def _expense_form(request, workspace, initial, *, save, success, expense=None):
    form = ExpenseForm(
        request.POST or None, request.FILES or None, user=request.user, workspace=workspace, initial=initial
    )
    return form_page(
        request,
        form,
        save=save,
        template="finance/expense_form.html",
        context=finance_context(request, workspace, "expenses", expense=expense),
        redirect_to=page_url,
        success=success,
        versioned=expense,
    )


def expense_detail(request, pk, *, status=200, error=None, note_form=None):
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
        note_form=note_form or NoteForm(),
        actions=[m for m in (ExpenseStatus.APPROVED, ExpenseStatus.REJECTED, ExpenseStatus.REIMBURSED) if m in moves],
        can_edit=expense.status == ExpenseStatus.SUBMITTED and user.has_perm("finance.change_expense", expense),
        history=selectors.history(expense)[:10],
    )
    return render(request, "finance/expense_detail.html", context, status=status)


ACTIONS = {
    "approve": (services.approve_expense, "approved"),
    "reject": (services.reject_expense, "rejected"),
    "reimburse": (services.reimburse_expense, "reimbursed"),
}


@require_POST
def expense_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such action.")
    expense = get_expense(request, pk)
    require(request.user, "finance.approve_expense", expense, _("Your role does not decide on expenses."))
    service, done = ACTIONS[action]
    return note_action(
        request, expense, service, page=expense_detail, success=f"Expense #{expense.pk} {done}.", keep_note=True
    )
