"""What every events service shares: permission checks and input checks."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from dragonfly.core.inputs import require, text_cleaner
from productions.selectors import is_workspace_person, org_timezone

from ..errors import EventInvalid

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Choices

    from dragonfly.tenancy.models import Workspace


__all__ = ["aware", "check_choice", "check_person", "clean_text", "require", "workspace_zone", "zone"]

clean_text = text_cleaner(EventInvalid)


def check_choice(value: Any, choices: type[Choices], label: str) -> str:
    if value not in choices.values:
        raise EventInvalid(_("Pick a %(label)s from the list.") % {"label": label})
    return value


def zone(name: str | None, *, default: zoneinfo.ZoneInfo | None = None) -> zoneinfo.ZoneInfo | None:
    """The named timezone (`default` when no name is given); refuses a name that is not one."""
    if not name:
        return default
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise EventInvalid(
            _("“%(name)s” is not a timezone; use a name such as Europe/Berlin.") % {"name": name}
        ) from None


def workspace_zone(workspace: Workspace) -> zoneinfo.ZoneInfo:
    """The organization's timezone (UTC when it names none that exists)."""
    tz = org_timezone(workspace)
    return tz if isinstance(tz, zoneinfo.ZoneInfo) else zoneinfo.ZoneInfo("UTC")


def aware(value: Any, label: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise EventInvalid(_("Give the %(label)s as a date and time with its timezone.") % {"label": label})
    return value


def check_person(workspace: Workspace, user: User | None, label: str | None = None) -> User:
    if user is None or not is_workspace_person(workspace, user):
        raise EventInvalid(
            _("The %(label)s must be a member of %(workspace_name)s.")
            % {"label": label or _("person"), "workspace_name": workspace.name}
        )
    return user
