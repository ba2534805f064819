"""What finance adds to production pages (productions.extensions): the budget variance factor of
the health score and the Financials tab. Registered in FinanceConfig.ready()."""

from decimal import Decimal

from django.utils.translation import gettext as _

from productions.extensions import Factor, register_health_factor, register_tab

from .services.spending import get_budget_variance

# A point off per 2 % over budget, at most 20.
POINTS_PER_STEP, MOST_POINTS, PERCENT_PER_STEP = 1, 20, 2


def budget_variance_factor(production, today):
    """How far over its budget the production runs (nothing off when on or under budget)."""
    percent = get_budget_variance(production).get("variance_percent")
    if percent is None:
        return Factor("budget_variance", _("Budget variance"), 0, 0, _("No budget set for this production"))
    percent = Decimal(percent)
    over = max(int(percent // PERCENT_PER_STEP), 0)
    points = -min(over * POINTS_PER_STEP, MOST_POINTS)
    figure = {"percent": f"{abs(percent):.1f}"}
    said = _("%(percent)s %% over budget") % figure if percent > 0 else _("%(percent)s %% under budget") % figure
    return Factor("budget_variance", _("Budget variance"), over, points, said)


def register():
    register_health_factor("budget_variance", budget_variance_factor)
    register_tab("financials", "Financials", perm="finance.view_budget", position=80, url_name="finance:financials")
