"""Display helpers of the finance pages, and the include the advancing review page can use:

{% load finance_tags %}
{% advance_budget_impact advance %}   {# on an advance's page, before the approve form #}
"""

from decimal import Decimal, InvalidOperation

from django import template

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
    "budget.created": "created the budget",
    "budget.edited": "edited the budget",
    "budget.line_saved": "planned a line",
    "budget.line_deleted": "removed a line",
    "budget.baseline_locked": "locked the baseline",
    "budget.committed": "committed an approved advance",
    "budget.actualised": "recorded a fulfilment as actual cost",
    "budget.released": "released an advance's commitment",
    "purchase_order.created": "drafted the order",
    "purchase_order.edited": "edited the draft",
    "purchase_order.submitted": "sent it for approval",
    "purchase_order.first_approval": "approved it (first of two)",
    "purchase_order.approved": "approved it",
    "purchase_order.returned": "returned it to draft",
    "purchase_order.sent": "sent it to the vendor",
    "purchase_order.received": "recorded a delivery",
    "purchase_order.closed": "closed it",
    "purchase_order.cancelled": "cancelled it",
    "purchase_order.over_budget": "approved it over budget",
    "expense.submitted": "recorded the expense",
    "expense.edited": "edited the expense",
    "expense.approved": "approved it",
    "expense.rejected": "rejected it",
    "expense.reimbursed": "reimbursed it",
    "invoice.created": "entered the invoice",
    "invoice.edited": "edited the draft",
    "invoice.sent": "sent it",
    "invoice.payment_recorded": "recorded a payment",
    "invoice.overdue": "flagged it overdue",
    "invoice.voided": "voided it",
    "company.created": "added the company",
    "company.edited": "edited the company",
    "company.contact_saved": "saved a contact",
    "company.contact_deleted": "removed a contact",
    "company.merchant_linked": "gave a contact a Merchant login",
    "company.merchant_unlinked": "removed a Merchant login",
    "company.document_added": "stored a document",
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
