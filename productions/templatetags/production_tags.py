"""Display helpers of the productions and events templates."""

from django import template
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.access import display_name

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def points(value):
    """Health points as people read them: -12 → "−12", 0 → "0"."""
    value = int(value or 0)
    return f"−{abs(value)}" if value < 0 else str(value)


@register.filter
def minutes(duration):
    """A duration as m:ss or h:mm:ss."""
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    mins, secs = divmod(rest, 60)
    return f"{sign}{hours}:{mins:02d}:{secs:02d}" if hours else f"{sign}{mins}:{secs:02d}"


@register.filter
def offset(duration):
    """An offset from the start: +0:00, +1:15, −0:30."""
    if duration is None:
        return ""
    total = int(duration.total_seconds() // 60)
    sign = "+" if total >= 0 else "−"
    hours, mins = divmod(abs(total), 60)
    return f"{sign}{hours}:{mins:02d}"


@register.simple_tag
def when(event):
    """ "Sat 14 Mar, 19:00–23:00 CET" in the event's own timezone."""
    start, end = event.local_start, event.local_end
    end_text = formats.time_format(end, "H:i") if start.date() == end.date() else formats.date_format(end, "D j M, H:i")
    return f"{formats.date_format(start, 'D j M, H:i')}–{end_text} {start.tzname()}"


@register.filter
def person(user, fallback="—"):
    """A user's name as people read it, or `fallback` when there is nobody."""
    if user is None or not getattr(user, "pk", None):
        return fallback
    return display_name(user)


VERBS = {
    "production.created": _("created the production"),
    "production.edited": _("edited the production"),
    "production.moved": _("moved it"),
    "production.team_added": _("added someone to the team"),
    "production.team_removed": _("removed someone from the team"),
    "milestone.created": _("added a milestone"),
    "milestone.edited": _("edited a milestone"),
    "milestone.done": _("completed a milestone"),
    "milestone.reopened": _("reopened a milestone"),
    "milestone.deleted": _("deleted a milestone"),
    "task.created": _("created the task"),
    "task.edited": _("edited the task"),
    "task.moved": _("moved the task"),
    "task.assigned": _("assigned the task"),
    "task.deleted": _("deleted a task"),
    "task.commented": _("commented"),
    "task.checklist_added": _("added a checklist item"),
    "task.checklist_checked": _("ticked a checklist item"),
    "task.checklist_unchecked": _("unticked a checklist item"),
    "task.checklist_removed": _("removed a checklist item"),
    "compliance.created": _("recorded the item"),
    "compliance.edited": _("updated the item"),
    "compliance.status_updated": _("the expiry date changed its status"),
    "compliance.expiry_warning": _("warned of expiry"),
    "compliance.deleted": _("deleted a compliance item"),
}


@register.filter
def verb_label(verb):
    """An activity verb as a sentence part: "production.moved" → "moved it"."""
    return VERBS.get(verb, verb.split(".")[-1].replace("_", " "))


@register.filter
def state_label(value):
    """A stored status as people read it: "pre_production" → "Pre-production"."""
    from productions.models import ComplianceStatus, ProductionStatus, TaskStatus

    for choices in (ProductionStatus, TaskStatus, ComplianceStatus):
        if value in choices.values:
            return choices(value).label
    return value.replace("_", " ")


@register.filter
def factor_text(factor):
    """A stored health factor worded in the reader's language (productions.services.health.factor_text)."""
    from productions.services.health import factor_text as words

    return words(factor)


@register.filter(name="in_sentence")
def in_sentence_filter(label):
    """A status label inside a sentence (productions.wording.in_sentence)."""
    from productions.wording import in_sentence

    return in_sentence(label)
