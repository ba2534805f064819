"""The stock next to each line of the reviewer's page (issue 22): computed once per page.

{% load advancing_stock %}
{% advance_stock advance items as stock %}      (None for who may not review it)
… {% stock_line stock item %} in each line's cell
"""

from django import template

from ..models import REVIEW_QUEUE_STATUSES
from ..stock import may_map_stock as stock_may_map
from ..stock import may_see_stock, stock_for_advance

register = template.Library()


@register.simple_tag(takes_context=True)
def advance_stock(context, advance, items):
    user = context["request"].user
    if not may_see_stock(user, advance):
        return None
    stock = stock_for_advance(advance, user, items)
    stock.can_hire = advance.status in REVIEW_QUEUE_STATUSES
    return stock


@register.inclusion_tag("advancing/_stock_line.html", takes_context=True)
def stock_line(context, stock, item):
    line = stock.for_item(item.pk) if stock is not None else None
    return {
        "line": line,
        "item": item,
        "advance_id": item.advance_id,
        "can_hire": bool(line and getattr(stock, "can_hire", False) and line.short and line.hire_quantity),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def may_map_stock(context):
    """Whether the page links to the stock mapping: who manages assets in the current workspace."""
    request = context["request"]
    return stock_may_map(request.user, getattr(request, "workspace", None))
