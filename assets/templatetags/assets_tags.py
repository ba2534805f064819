"""Template helpers of the assets module, including the include the advancing pages use.

{% load assets_tags %}
{% advance_item_availability item %}   {# inside the loop over an advance's lines #}
"""

from django import template
from django.utils.translation import gettext_lazy

from ..selectors import advance_item_dates, free_assets_for_advance_item, is_equipment_line

register = template.Library()


@register.inclusion_tag("assets/_advance_item_availability.html", takes_context=True)
def advance_item_availability(context, item):
    """How many matching assets are free for the production's dates (Equipment lines only)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    applies = is_equipment_line(item) and _may_see(user, item.advance)
    dates = advance_item_dates(item) if applies else None
    # Counted over the whole organization: the warehouse is often another workspace than the show's.
    free = free_assets_for_advance_item(item) if applies and dates else None
    return {
        "item": item,
        "applies": applies,
        "dates": dates,
        "free": free,
        "short": free is not None and free < (item.approved_quantity or item.quantity),
    }


def _may_see(user, advance):
    """Reviewers of the advance, and anyone who reads assets in its workspace."""
    if user is None or not user.is_authenticated:
        return False
    return any(user.has_perm(p, advance) for p in ("advancing.review_advance", "advancing.approve_advance")) or (
        user.has_perm("assets.view_asset", advance.workspace)
    )


@register.filter
def pct_width(value, maximum=100):
    """A bar width in percent, clamped to 0–100, for the utilization chart."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return max(0, min(100, round(number, 1)))


# The assets' activity verbs as people read them (translated); any other verb reads from its name.
VERBS = {
    "asset.created": gettext_lazy("Created"),
    "asset.edited": gettext_lazy("Edited"),
    "asset.available": gettext_lazy("Available"),
    "asset.lost": gettext_lazy("Lost"),
    "asset.retired": gettext_lazy("Retired"),
    "assets.imported": gettext_lazy("Imported"),
    "kit.created": gettext_lazy("Created"),
    "kit.edited": gettext_lazy("Edited"),
    "reservation.created": gettext_lazy("Created"),
    "reservation.checked_out": gettext_lazy("Checked out"),
    "reservation.checked_in": gettext_lazy("Checked in"),
    "reservation.returned": gettext_lazy("Returned"),
    "reservation.cancelled": gettext_lazy("Cancelled"),
    "maintenance.scheduled": gettext_lazy("Scheduled"),
    "maintenance.opened": gettext_lazy("Opened"),
    "maintenance.logged": gettext_lazy("Logged"),
    "maintenance.completed": gettext_lazy("Completed"),
    "maintenance.done": gettext_lazy("Done"),
}


@register.filter
def verb_label(verb):
    """An activity verb as people read it: "reservation.checked_out" → "Checked out"."""
    if str(verb) in VERBS:
        return VERBS[str(verb)]
    text = str(verb).split(".", 1)[-1].replace("_", " ")
    return text[:1].upper() + text[1:]
