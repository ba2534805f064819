"""Shared helpers of the finance tests: a production with a budget, advances brought to a status
through the advancing services, money as Decimal."""

import datetime
from decimal import Decimal

from django.test import TestCase

from advancing import services as advancing
from advancing.models import CatalogItem
from dragonfly.tenancy.roles import Role
from finance import services
from finance.models import Company, FinanceSettings
from productions.models import Production


def D(value):
    return Decimal(str(value))


def catalog(category):
    """A catalog item of `category` (the migration loads the whole catalog)."""
    return CatalogItem.objects.filter(category=category, enabled=True).order_by("item_id").first()


def make_production(tenant, name="Summer Tour", **kwargs):
    return Production.objects.create(workspace=tenant.workspace, name=name, **kwargs)


def make_budget(tenant, production=None, plan=None, owner=None):
    """A production budget planned per category: plan={"Technical": 10000, ...}."""
    production = production or make_production(tenant)
    plan = plan if plan is not None else {"Technical": "10000.00", "Staffing": "5000.00"}
    return services.create_budget(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        production=production,
        owner=owner or tenant.user(Role.AVIATOR),
        lines=[{"category": c, "planned_amount": D(v)} for c, v in plan.items()],
    )


def line(category, quantity, unit_cost, procurement="", name=None):
    item = catalog(category)
    return {
        "catalog_item": item,
        "name": name or item.name,
        "quantity": D(quantity),
        "unit": item.standard_unit,
        "unit_cost": D(unit_cost),
        "procurement": procurement,
    }


def make_advance(tenant, production, lines, *, submit=True):
    crew = tenant.user(Role.DEVIATOR)
    advance = advancing.create_advance(
        actor=crew, workspace=tenant.workspace, production=production, activation_name="Main stage", items=lines
    )
    if submit:
        advancing.submit_advance(advance, actor=crew)
    return advance


def make_vendor(tenant, name="Stage Sound Ltd", categories=("Technical",), rating=4, **kwargs):
    return services.create_company(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        name=name,
        kind="vendor",
        preferred_categories=list(categories),
        rating=rating,
        **kwargs,
    )


def set_policy(tenant, policy="warn", threshold="5000.00"):
    settings, _ = FinanceSettings.objects.get_or_create(organization=tenant.org)
    settings.over_budget_policy, settings.second_approval_threshold = policy, D(threshold)
    settings.save()
    return settings


def figures(budget):
    """{category: (planned, committed, actual)} from the variance function."""
    variance = services.get_budget_variance(budget)
    return {line.category: (line.planned_amount, line.committed, line.actual) for line in variance["lines"]}


TODAY = datetime.date.today()
__all__ = [
    "D",
    "TODAY",
    "Company",
    "catalog",
    "figures",
    "line",
    "make_advance",
    "make_budget",
    "make_production",
    "make_vendor",
    "set_policy",
]


def approve(advance, *, actor, **kwargs):
    """Approve, then run what waits for the commit as the outbox does (the vendor routing task)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return advancing.approve_advance(advance, actor=actor, **kwargs)
