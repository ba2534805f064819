"""What every events service shares: permission checks and input checks."""

import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied

from productions.selectors import is_workspace_person, org_timezone

from ..errors import EventInvalid


def require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def clean_text(value, label, *, max_length, required=False):
    text = (value or "").strip()
    if required and not text:
        raise EventInvalid(f"Give the {label}.")
    if len(text) > max_length:
        raise EventInvalid(f"The {label} takes at most {max_length} characters.")
    return text


def check_choice(value, choices, label):
    if value not in choices.values:
        raise EventInvalid(f"Pick a {label} from the list.")
    return value


def zone(name, *, default=None):
    if not name:
        return default
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EventInvalid(f"“{name}” is not a timezone; use a name such as Europe/Berlin.") from None


def workspace_zone(workspace):
    return org_timezone(workspace)


def aware(value, label):
    if not isinstance(value, datetime.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise EventInvalid(f"Give the {label} as a date and time with its timezone.")
    return value


def check_person(workspace, user, label="person"):
    if user is None or not is_workspace_person(workspace, user):
        raise EventInvalid(f"The {label} must be a member of {workspace.name}.")
    return user
