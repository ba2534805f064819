"""What finance adds to production pages (productions.extensions): the budget variance factor of
the health score and the Financials tab. Registered in FinanceConfig.ready()."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from productions.extensions import Factor, register_health_factor, register_tab

from .services.spending import get_budget_variance

# A point off per 2 % over budget, at most 20.
POINTS_PER_STEP, MOST_POINTS, PERCENT_PER_STEP = 1, 20, 2


def budget_variance_factor(production, today):
    """How far over its budget the production runs (nothing off when on or under budget)."""
    percent = get_budget_variance(production).get("variance_percent")
    if percent is None:
        return _factor(0, 0, {})
    percent = Decimal(percent)
    over = max(int(percent // PERCENT_PER_STEP), 0)
    points = -min(over * POINTS_PER_STEP, MOST_POINTS)
    return _factor(over, points, {"percent": f"{percent:.1f}"})


def _factor(over, points, facts):
    # The facts go with the stored factor, so the page words it again in its reader's language
    # (the score is stored by a background task that reads in the default language).
    label, detail = budget_variance_words(over, facts)
    return Factor("budget_variance", label, over, points, detail, facts)


def budget_variance_words(count, facts):
    """(label, detail) of the budget variance factor in the active language."""
    if "percent" not in facts:
        return _("Budget variance"), _("No budget set for this production")
    percent = Decimal(facts["percent"])
    figure = {"percent": f"{abs(percent):.1f}"}
    said = _("%(percent)s %% over budget") % figure if percent > 0 else _("%(percent)s %% under budget") % figure
    return _("Budget variance"), said


def register():
    register_health_factor("budget_variance", budget_variance_factor, words=budget_variance_words)
    register_tab(
        "financials", gettext_lazy("Financials"), perm="finance.view_budget", position=80, url_name="finance:financials"
    )


# What a module above finance adds to a page of finance: callables (request, object) -> HTML or None,
# registered from that module's AppConfig.ready(), per page ("invoice": integrations' "Pay by card"
# link; "rfq": jobs' public request for proposals).
_PANELS: dict[str, list] = {"invoice": [], "rfq": []}


def register_panel(page, panel):
    if panel not in _PANELS[page]:
        _PANELS[page].append(panel)


def panels(page, request, obj):
    return [html for panel in _PANELS[page] if (html := panel(request, obj))]


def register_invoice_panel(panel):
    register_panel("invoice", panel)


def invoice_panels(request, invoice):
    return panels("invoice", request, invoice)
