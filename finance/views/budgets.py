"""The finance overview, budgets (variance table and chart, lines, baseline) and production financials."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module
from productions.models import Production

from .. import selectors, services
from ..filters import BudgetFilter
from ..forms import BudgetForm, BudgetLineForm, NoteForm
from ..models import Expense, ExpenseStatus, Invoice, InvoiceStatus, PurchaseOrderStatus
from ..services.spending import state_for
from ._common import error_status, filtered_page, finance_context, get_budget, get_line, safe_querystring


def workspace_home(request, org_slug, ws_slug):
    """The money of a workspace at a glance: budgets and their state, what waits for me."""
    workspace = require_module(request, "finance")
    user = request.user
    context = finance_context(request, workspace, "overview")
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
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.view_budget", workspace):
        raise PermissionDenied("Your role does not show budgets.")
    base = selectors.budgets(request.user).filter(workspace=workspace)
    page, form, status = filtered_page(request, base, BudgetFilter)
    page.object_list = selectors.with_glance(page.object_list)
    context = finance_context(
        request,
        workspace,
        "budgets",
        page=page,
        filter_form=form,
        querystring=safe_querystring(request),
        can_create=request.user.has_perm("finance.add_budget", workspace),
    )
    return render(request, "finance/budgets.html", context, status=status)


def new_budget(request, org_slug, ws_slug):
    workspace = require_module(request, "finance")
    if not request.user.has_perm("finance.add_budget", workspace):
        raise PermissionDenied("Your role does not create budgets here.")
    initial = {"production": request.GET.get("production")} if request.GET.get("production") else None
    form = BudgetForm(request.POST or None, user=request.user, workspace=workspace, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                budget = services.create_budget(actor=request.user, workspace=workspace, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, f"“{budget.name}” created: now plan its lines.")
                return redirect("finance:budget", budget.pk)
        else:
            status = 400
    return render(
        request,
        "finance/budget_form.html",
        finance_context(request, workspace, "budgets", form=form, budget=None),
        status=status,
    )


def budget_detail(request, pk, *, line_form=None, status=200, error=None):
    """Variance per line and in total: table, chart, the lines to plan, the baseline."""
    budget = get_budget(request, pk)
    user = request.user
    variance = services.get_budget_variance(budget)
    can_change = user.has_perm("finance.change_budget", budget)
    states = [str(line.figures.state) for line in variance["lines"]]
    summary = {"figures": variance["totals"], "lines_red": states.count("red"), "lines_amber": states.count("amber")}
    total_state = str(variance["totals"].state)
    summary["state"] = (
        "red" if "red" in (total_state, *states) else "amber" if "amber" in (total_state, *states) else "ok"
    )
    context = finance_context(
        request,
        budget.workspace,
        "budgets",
        budget=budget,
        variance=variance,
        totals=variance["totals"],
        summary=summary,
        lines=variance["lines"],
        can_change=can_change,
        can_lock=not budget.is_baselined and user.has_perm("finance.approve_budget", budget),
        line_form=line_form or (BudgetLineForm(workspace=budget.workspace) if can_change else None),
        lock_form=NoteForm(),
        error=error,
        history=selectors.history(budget)[:10],
        chart_max=max(
            [line.planned_amount for line in variance["lines"]]
            + [line.figures.spent for line in variance["lines"]]
            + [1]
        ),
    )
    return render(request, "finance/budget_detail.html", context, status=status)


def edit_budget(request, pk):
    budget = get_budget(request, pk)
    if not request.user.has_perm("finance.change_budget", budget):
        raise PermissionDenied("You may not change this budget.")
    initial = {"name": budget.name, "owner": budget.owner_id, "notes": budget.notes}
    form = BudgetForm(
        request.POST or None, user=request.user, workspace=budget.workspace, editing=True, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_budget(budget, actor=request.user, owner_given=True, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, "Budget saved.")
                return redirect("finance:budget", budget.pk)
        else:
            status = 400
    return render(
        request,
        "finance/budget_form.html",
        finance_context(request, budget.workspace, "budgets", form=form, budget=budget),
        status=status,
    )


@require_POST
def add_line(request, pk):
    budget = get_budget(request, pk)
    if not request.user.has_perm("finance.change_budget", budget):
        raise PermissionDenied("You may not change this budget.")
    form = BudgetLineForm(request.POST, workspace=budget.workspace)
    if not form.is_valid():
        return budget_detail(request, pk, line_form=form, status=400)
    try:
        line = services.save_line(budget, actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, str(exc))
        return budget_detail(request, pk, line_form=form, status=error_status(exc))
    messages.success(request, f"{line.label} planned at {line.planned_amount} {budget.currency}.")
    return redirect("finance:budget", pk)


def edit_line(request, pk):
    line = get_line(request, pk)
    budget = line.budget
    if not request.user.has_perm("finance.change_budget", budget):
        raise PermissionDenied("You may not change this budget.")
    initial = {
        "category": line.category,
        "name": line.name,
        "planned_amount": line.planned_amount,
        "owner": line.owner_id,
        "notes": line.notes,
    }
    form = BudgetLineForm(request.POST or None, workspace=budget.workspace, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_line(budget, actor=request.user, line=line, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, "Line saved.")
                return redirect("finance:budget", budget.pk)
        else:
            status = 400
    return render(
        request,
        "finance/line_form.html",
        finance_context(request, budget.workspace, "budgets", form=form, line=line, budget=budget),
        status=status,
    )


@require_POST
def delete_line(request, pk):
    line = get_line(request, pk)
    budget_id = line.budget_id
    try:
        services.delete_line(line, actor=request.user)
    except DomainError as exc:
        return budget_detail(request, budget_id, status=error_status(exc), error=str(exc))
    messages.success(request, "Line removed.")
    return redirect("finance:budget", budget_id)


@require_POST
def lock_baseline(request, pk):
    budget = get_budget(request, pk)
    if not request.user.has_perm("finance.approve_budget", budget):
        raise PermissionDenied("Your role does not lock budgets.")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.lock_baseline(budget, actor=request.user, note=note)
    except DomainError as exc:
        return budget_detail(request, pk, status=error_status(exc), error=str(exc))
    messages.success(request, "Baseline locked: later changes show against it.")
    return redirect("finance:budget", pk)


def financials(request, pk):
    """get_production_financials: budget, committed, actual, remaining and the forecast."""
    production = (
        Production.objects.visible_to(request.user).select_related("workspace__organization").filter(pk=pk).first()
    )
    if production is None or not request.user.has_perm("finance.view_budget", production.workspace):
        raise Http404("No such production.")
    data = services.get_production_financials(production)
    bars = [
        ("Planned", data["planned"]),
        ("Committed + actual", data["committed"] + data["actual"]),
        ("Forecast at completion", data["forecast_at_completion"]),
    ]
    peak = max([value for _, value in bars] + [1])
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
