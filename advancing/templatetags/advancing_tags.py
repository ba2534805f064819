"""Small display helpers for the advancing templates."""

from django import template
from django.utils.translation import gettext_lazy as _

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
    "advance.created": _("created the advance"),
    "advance.edited": _("edited the draft"),
    "advance.submitted": _("submitted it"),
    "advance.cancelled": _("cancelled it"),
    "advance.review_started": _("started the review"),
    "advance.approved": _("approved it"),
    "advance.rejected": _("rejected it"),
    "advance.processed": _("started processing"),
    "advance.fulfilment_started": _("recorded the first delivery"),
    "advance.fulfilment_recorded": _("recorded a delivery"),
    "advance.fulfilled": _("completed the fulfilment"),
    "advance.commented": _("commented"),
    "advance.line_answered": _("answered a line"),
    "advance.line_added": _("added a line"),
    "advance.share_created": _("shared it outside the organization"),
    "advance.share_reset": _("reset a share link"),
    "advance.share_revoked": _("revoked a share link"),
}


@register.filter
def verb_label(verb):
    """An activity verb as a sentence: "advance.approved" → "approved it"."""
    if verb in VERBS:
        return VERBS[verb]
    return verb.split(".", 1)[-1].replace("_", " ")
