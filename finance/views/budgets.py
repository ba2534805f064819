"""The finance overview, budgets (variance table and chart, lines, baseline) and production financials."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.formatting import money
from dragonfly.core.pages import action_page, error_status, form_action, form_page, initial_from
from dragonfly.core.workspace_views import require_module
from dragonfly.tenancy.access import require
from productions.models import Production

from .. import selectors, services
from ..filters import BudgetFilter
from ..forms import BudgetForm, BudgetLineForm, NoteForm
from ..models import Expense, ExpenseStatus, Invoice, InvoiceStatus, PurchaseOrderStatus
from ..services.spending import state_for
from ._common import (
    finance_context,
    finance_workspace,
    get_budget,
    get_line,
    note_action,
    page_url,
    workspace_list,
)


def workspace_home(request, org_slug, ws_slug):
    """The money of a workspace at a glance: budgets and their state, what waits for me."""
    workspace = require_module(request, "finance")
    user = request.user
    context = finance_context(request, workspace, "overview")
    # The accounting export takes invoices, expenses and orders: offered to who may read one of them.
    documents = ("finance.view_invoice", "finance.view_expense", "finance.view_purchaseorder")
    context["may_export"] = any(user.has_perm(perm, workspace) for perm in documents)
    if user.has_perm("finance.view_budget", workspace):
        context["budgets"] = selectors.with_glance(selectors.budgets(user).filter(workspace=workspace)[:12])
    if user.has_perm("finance.view_purchaseorder", workspace):
        orders = selectors.purchase_orders(user).filter(workspace=workspace)
        if user.has_perm("finance.approve_purchaseorder", workspace):
            context["to_approve"] = list(
                orders.filter(status=PurchaseOrderStatus.PENDING_APPROVAL).exclude(approvals__approver=user)[:8]
            )
        context["recent_orders"] = list(orders[:8])
    if user.has_perm("finance.view_invoice", workspace):
        invoices = selectors.invoices(user).filter(workspace=workspace)
        context["overdue"] = list(invoices.filter(status=InvoiceStatus.OVERDUE).order_by("due_date", "id")[:8])
    if user.has_perm("finance.approve_expense", workspace):
        context["expenses_waiting"] = list(
            selectors.expenses(user).filter(workspace=workspace, status=ExpenseStatus.SUBMITTED)[:8]
        )
    return render(request, "finance/home.html", context)


def budget_list(request, org_slug, ws_slug):
    return workspace_list(request, "budgets", selectors.budgets, BudgetFilter, rows=selectors.with_glance)


def new_budget(request, org_slug, ws_slug):
    workspace = finance_workspace(request, "finance.add_budget", _("Your role does not create budgets here."))
    initial = {"production": request.GET.get("production")} if request.GET.get("production") else None
    return form_page(
        request,
        BudgetForm(request.POST or None, user=request.user, workspace=workspace, initial=initial),
        save=lambda data: services.create_budget(actor=request.user, workspace=workspace, **data),
        template="finance/budget_form.html",
        context=finance_context(request, workspace, "budgets", budget=None),
        redirect_to=page_url,
        success=lambda budget: _("“%(name)s” created: now plan its lines.") % {"name": budget.name},
    )


def budget_detail(request, pk, *, line_form=None, status=200, error=None):
    """Variance per line and in total: table, chart, the lines to plan, the baseline."""
    budget = get_budget(request, pk)
    user = request.user
    variance = services.get_budget_variance(budget)
    can_change = user.has_perm("finance.change_budget", budget)
    lines = variance["lines"]
    context = finance_context(
        request,
        budget.workspace,
        "budgets",
        budget=budget,
        variance=variance,
        totals=variance["totals"],
        summary=selectors.glance(variance["totals"], [line.figures for line in lines]),
        lines=lines,
        can_change=can_change,
        can_lock=not budget.is_baselined and user.has_perm("finance.approve_budget", budget),
        line_form=line_form or (BudgetLineForm(workspace=budget.workspace) if can_change else None),
        lock_form=NoteForm(),
        error=error,
        history=selectors.history(budget)[:10],
        chart_max=max([line.planned_amount for line in lines] + [line.figures.spent for line in lines] + [1]),
    )
    return render(request, "finance/budget_detail.html", context, status=status)


def edit_budget(request, pk):
    budget = get_budget(request, pk)
    require(request.user, "finance.change_budget", budget, _("You may not change this budget."))
    initial = initial_from(budget, ("name", "owner", "notes"))
    return form_page(
        request,
        BudgetForm(request.POST or None, user=request.user, workspace=budget.workspace, editing=True, initial=initial),
        save=lambda data: services.update_budget(budget, actor=request.user, owner_given=True, **data),
        template="finance/budget_form.html",
        context=finance_context(request, budget.workspace, "budgets", budget=budget),
        redirect_to=page_url,
        success=_("Budget saved."),
        versioned=budget,
    )


@require_POST
def add_line(request, pk):
    budget = get_budget(request, pk)
    require(request.user, "finance.change_budget", budget, _("You may not change this budget."))
    return form_action(
        request,
        BudgetLineForm(request.POST, workspace=budget.workspace),
        save=lambda data: services.save_line(budget, actor=request.user, **data),
        redisplay=lambda form, status: budget_detail(request, pk, line_form=form, status=status),
        redirect_to=page_url(budget),
        success=lambda line: (
            _("%(label)s planned at %(amount)s.")
            % {"label": line.label, "amount": money(line.planned_amount, budget.currency)}
        ),
    )


def edit_line(request, pk):
    line = get_line(request, pk)
    budget = line.budget
    require(request.user, "finance.change_budget", budget, _("You may not change this budget."))
    initial = initial_from(line, ("category", "name", "planned_amount", "owner", "notes"))
    return form_page(
        request,
        BudgetLineForm(request.POST or None, workspace=budget.workspace, initial=initial),
        save=lambda data: services.save_line(budget, actor=request.user, line=line, **data),
        template="finance/line_form.html",
        context=finance_context(request, budget.workspace, "budgets", line=line, budget=budget),
        redirect_to=lambda saved: page_url(budget),
        success=_("Line saved."),
        versioned=line,
    )


@require_POST
def delete_line(request, pk):
    line = get_line(request, pk)
    return action_page(
        request,
        lambda: services.delete_line(line, actor=request.user),
        redirect_to=page_url(line.budget),
        success=_("Line removed."),
        on_refusal=lambda exc: budget_detail(request, line.budget_id, status=error_status(exc), error=str(exc)),
    )


@require_POST
def lock_baseline(request, pk):
    budget = get_budget(request, pk)
    require(request.user, "finance.approve_budget", budget, _("Your role does not lock budgets."))
    return note_action(
        request,
        budget,
        services.lock_baseline,
        page=budget_detail,
        success=_("Baseline locked: later changes show against it."),
    )


def financials(request, pk):
    """get_production_financials: budget, committed, actual, remaining and the forecast."""
    production = (
        Production.objects.visible_to(request.user).select_related("workspace__organization").filter(pk=pk).first()
    )
    if production is None or not request.user.has_perm("finance.view_budget", production.workspace):
        raise Http404("No such production.")
    data = services.get_production_financials(production)
    bars = [
        (_("Planned"), data["planned"]),
        (_("Committed + actual"), data["committed"] + data["actual"]),
        (_("Forecast at completion"), data["forecast_at_completion"]),
    ]
    peak = max([value for _label, value in bars] + [1])
    context = finance_context(
        request,
        production.workspace,
        "budgets",
        production=production,
        data=data,
        bars=[(label, value, value * 100 / peak) for label, value in bars],
        forecast_state=str(state_for(data["forecast_at_completion"], data["planned"])),
        expenses=Expense.objects.visible_to(request.user).filter(production=production).count(),
        invoices=Invoice.objects.visible_to(request.user).filter(production=production).count(),
    )
    return render(request, "finance/financials.html", context)
