"""Finance adds budget variance to a production's health score (productions.extensions)."""

import pytest

from dragonfly.tenancy.roles import Role
from productions.services import calculate_production_health

from .helpers import TODAY, line, make_advance, make_budget

pytestmark = pytest.mark.django_db


def test_approving_more_than_the_budget_takes_points_off_the_production(tenant_a):
    budget = make_budget(tenant_a, plan={"Technical": "1000.00"})
    factor = {f.key: f for f in calculate_production_health(budget.production, today=TODAY).factors}
    assert factor["budget_variance"].points == 0
    advance = make_advance(tenant_a, budget.production, [line("Technical", 10, "112.50")])
    from advancing.services import approve_advance

    approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR))  # 1,125.00 committed: 12.5 % over
    report = calculate_production_health(budget.production, today=TODAY)
    factor = {f.key: f for f in report.factors}["budget_variance"]
    assert (factor.count, factor.points, factor.detail) == (6, -6, "12.5 % over budget")
    assert report.score == 94
