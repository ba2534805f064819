"""Concurrent approvals never over-commit a budget line: eight reviewers approve eight different
advances against the same line at the same moment, and an organization that blocks going over
budget ends with the line full, never past its plan. Purchase orders likewise.

Needs PostgreSQL (SQLite has no row locks): run with DATABASE_URL=postgres://…"""

import pytest
from django.db import connection

from advancing import services as advancing
from dragonfly.tenancy.roles import Role
from dragonfly.testing.concurrency import at_once, refused, succeeded
from dragonfly.testing.factories import Tenant, make_member
from finance import services
from finance.errors import OverBudget

from .helpers import D, figures, line, make_advance, make_budget, make_vendor, set_policy

THREADS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_approvals_at_once_never_take_a_line_past_its_plan():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    tenant = Tenant("Race")
    set_policy(tenant, "block")
    budget = make_budget(tenant, plan={"Technical": "1000.00"})
    advances = [make_advance(tenant, budget.production, [line("Technical", 1, "300.00")]) for _ in range(THREADS)]
    reviewers = [make_member(Role.GLADIATOR, tenant.org, tenant.workspace) for _ in range(THREADS)]
    jobs = [lambda a=a, r=r: advancing.approve_advance(a, actor=r) for a, r in zip(advances, reviewers, strict=True)]

    results = at_once(jobs)

    assert len(succeeded(results)) == 3, results  # 3 × 300 fits in 1,000; a fourth would not
    assert all(isinstance(r, OverBudget) for r in refused(results)), results
    assert figures(budget)["Technical"] == (D("1000.00"), D("900.00"), D("0"))
    approved = sum(1 for a in advances if type(a).objects.get(pk=a.pk).status == "approved")
    assert approved == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_purchase_order_approvals_at_once_never_over_commit():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    tenant = Tenant("Race orders")
    set_policy(tenant, "block")
    budget, vendor = make_budget(tenant, plan={"Technical": "1000.00"}), make_vendor(tenant)
    gladiator = tenant.user(Role.GLADIATOR)
    orders = []
    for _ in range(THREADS):
        po = services.create_purchase_order(
            actor=gladiator,
            workspace=tenant.workspace,
            vendor=vendor,
            budget_line=budget.lines.get(),
            production=budget.production,
            lines=[{"description": "Desk", "quantity": 1, "unit_price": "450"}],
        )
        services.submit_purchase_order(po, actor=gladiator)
        orders.append(po)
    approvers = [make_member(Role.AVIATOR, tenant.org, tenant.workspace) for _ in range(THREADS)]
    results = at_once(
        [lambda p=p, a=a: services.approve_purchase_order(p, actor=a) for p, a in zip(orders, approvers, strict=True)]
    )
    assert len(succeeded(results)) == 2, results
    assert figures(budget)["Technical"] == (D("1000.00"), D("900.00"), D("0"))
