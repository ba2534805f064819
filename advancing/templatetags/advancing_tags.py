"""Small display helpers for the advancing templates."""

from django import template

from dragonfly.core.formatting import money, quantity

register = template.Library()
register.filter("money", money)
register.filter("qty", quantity)


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
