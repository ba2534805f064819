"""Small display helpers for the advancing templates."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def money(value, currency=""):
    """`1234.5|money:"EUR"` → "EUR 1,234.50"; empty values show as a dash."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    text = f"{amount:,.2f}"
    return f"{currency} {text}".strip()


@register.filter
def qty(value):
    """Quantities without trailing zeros: 2.00 → 2, 2.50 → 2.5."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    text = f"{amount:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def status_label(value):
    """A status value as people read it: "under_review" → "Under review"."""
    from advancing.models import AdvanceStatus

    try:
        return AdvanceStatus(value).label
    except ValueError:
        return value


VERBS = {
    "advance.created": "created the advance",
    "advance.edited": "edited the draft",
    "advance.submitted": "submitted it",
    "advance.cancelled": "cancelled it",
    "advance.review_started": "started the review",
    "advance.approved": "approved it",
    "advance.rejected": "rejected it",
    "advance.processed": "started processing",
    "advance.fulfilment_started": "recorded the first delivery",
    "advance.fulfilment_recorded": "recorded a delivery",
    "advance.fulfilled": "completed the fulfilment",
}


@register.filter
def verb_label(verb):
    """An activity verb as a sentence: "advance.approved" → "approved it"."""
    if verb in VERBS:
        return VERBS[verb]
    return verb.split(".", 1)[-1].replace("_", " ")
