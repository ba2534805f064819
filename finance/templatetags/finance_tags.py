"""Display helpers of the finance pages, and the include the advancing review page can use:

{% load finance_tags %}
{% advance_budget_impact advance %}   {# on an advance's page, before the approve form #}
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext_lazy

from dragonfly.core.formatting import money

register = template.Library()
register.filter("money", money)


@register.filter
def bar(value, maximum):
    """A bar width in percent of `maximum`, clamped to 0–100."""
    try:
        value, maximum = Decimal(value or 0), Decimal(maximum or 0)
    except (InvalidOperation, TypeError, ValueError):
        return 0
    if maximum <= 0:
        return 0
    return max(0, min(100, round(float(value * 100 / maximum), 1)))


@register.filter
def pct(value):
    return "—" if value is None else f"{value} %"


@register.filter
def label_of(value, choices):
    return dict(choices).get(value, value)


VERBS = {
    "budget.created": gettext_lazy("created the budget"),
    "budget.edited": gettext_lazy("edited the budget"),
    "budget.line_saved": gettext_lazy("planned a line"),
    "budget.line_deleted": gettext_lazy("removed a line"),
    "budget.baseline_locked": gettext_lazy("locked the baseline"),
    "budget.committed": gettext_lazy("committed an approved advance"),
    "budget.actualised": gettext_lazy("recorded a fulfilment as actual cost"),
    "budget.released": gettext_lazy("released an advance's commitment"),
    "purchase_order.created": gettext_lazy("drafted the order"),
    "purchase_order.edited": gettext_lazy("edited the draft"),
    "purchase_order.submitted": gettext_lazy("sent it for approval"),
    "purchase_order.first_approval": gettext_lazy("approved it (first of two)"),
    "purchase_order.approved": gettext_lazy("approved it"),
    "purchase_order.returned": gettext_lazy("returned it to draft"),
    "purchase_order.sent": gettext_lazy("sent it to the vendor"),
    "purchase_order.received": gettext_lazy("recorded a delivery"),
    "purchase_order.closed": gettext_lazy("closed it"),
    "purchase_order.cancelled": gettext_lazy("cancelled it"),
    "purchase_order.over_budget": gettext_lazy("approved it over budget"),
    "expense.submitted": gettext_lazy("recorded the expense"),
    "expense.edited": gettext_lazy("edited the expense"),
    "expense.approved": gettext_lazy("approved it"),
    "expense.rejected": gettext_lazy("rejected it"),
    "expense.reimbursed": gettext_lazy("reimbursed it"),
    "invoice.created": gettext_lazy("entered the invoice"),
    "invoice.edited": gettext_lazy("edited the draft"),
    "invoice.sent": gettext_lazy("sent it"),
    "invoice.payment_recorded": gettext_lazy("recorded a payment"),
    "invoice.refund_recorded": gettext_lazy("recorded a refund"),
    "invoice.overdue": gettext_lazy("flagged it overdue"),
    "invoice.voided": gettext_lazy("voided it"),
    "company.created": gettext_lazy("added the company"),
    "company.edited": gettext_lazy("edited the company"),
    "company.contact_saved": gettext_lazy("saved a contact"),
    "company.contact_deleted": gettext_lazy("removed a contact"),
    "company.merchant_linked": gettext_lazy("gave a contact a Merchant login"),
    "company.merchant_unlinked": gettext_lazy("removed a Merchant login"),
    "company.document_added": gettext_lazy("stored a document"),
}


@register.filter
def verb_label(verb):
    """An activity verb as people read it: "purchase_order.approved" → "approved it"."""
    return VERBS.get(verb, verb.rsplit(".", 1)[-1].replace("_", " "))


@register.filter
def state_label(value):
    return (value or "").replace("_", " ")


@register.inclusion_tag("finance/_advance_budget_impact.html", takes_context=True)
def advance_budget_impact(context, advance):
    """What approving this advance does to the budget: remaining per line, over-budget warning or block.
    Shown to the advance's reviewers only."""
    from ..services import budget_impact

    request = context.get("request")
    user = getattr(request, "user", None)
    may = user is not None and any(
        user.has_perm(p, advance) for p in ("advancing.review_advance", "advancing.approve_advance")
    )
    return {"advance": advance, "impact": budget_impact(advance) if may else None, "request": request}
