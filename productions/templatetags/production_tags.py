"""Display helpers of the productions and events templates."""

from django import template
from django.utils import formats

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
    "production.created": "created the production",
    "production.edited": "edited the production",
    "production.moved": "moved it",
    "production.team_added": "added someone to the team",
    "production.team_removed": "removed someone from the team",
    "milestone.created": "added a milestone",
    "milestone.edited": "edited a milestone",
    "milestone.done": "completed a milestone",
    "milestone.reopened": "reopened a milestone",
    "milestone.deleted": "deleted a milestone",
    "task.created": "created the task",
    "task.edited": "edited the task",
    "task.moved": "moved the task",
    "task.assigned": "assigned the task",
    "task.deleted": "deleted a task",
    "task.commented": "commented",
    "task.checklist_added": "added a checklist item",
    "task.checklist_checked": "ticked a checklist item",
    "task.checklist_unchecked": "unticked a checklist item",
    "task.checklist_removed": "removed a checklist item",
    "compliance.created": "recorded the item",
    "compliance.edited": "updated the item",
    "compliance.status_updated": "the expiry date changed its status",
    "compliance.expiry_warning": "warned of expiry",
    "compliance.deleted": "deleted a compliance item",
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
