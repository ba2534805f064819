"""Times on pages: `{% load zones %}`.

Times not bound to a place need nothing: the viewer's zone is active for the request
(UserTimezoneMiddleware), so `|date` and `|time` already read in it. An event- or venue-bound
time (an event's start, a crew call, a shift, a cue) reads the same for everyone, in the venue's
zone and labelled with it: `{% venue_time s.call_time s "D j M H:i" %}` → "Thu 8 Jan 08:00 EST".
"""

from django import template

from dragonfly.tenancy import access

register = template.Library()


@register.simple_tag
def venue_time(value, where, fmt="H:i", label=True):
    return access.venue_time(value, where, fmt, label) if value else ""


@register.simple_tag
def user_time(value, fmt="j M Y H:i"):
    """A time not bound to a place, in the viewer's zone and labelled (where it could be misread)."""
    return access.user_time(value, fmt) if value else ""


@register.simple_tag
def venue_zone(where):
    """The venue's zone by name, for a note over unlabelled venue times: "Times in America/Chicago"."""
    return str(access.venue_timezone(where))
