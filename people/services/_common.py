from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from dragonfly.tenancy.access import local_time, org_timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db import models


def require(actor: User, perm: str, obj: models.Model, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def local_date(moment: datetime.datetime, obj: models.Model) -> datetime.date:
    """The day `moment` falls on where the object's organization is."""
    return moment.astimezone(org_timezone(obj)).date()


def fmt_local(moment: datetime.datetime, obj: models.Model) -> str:
    """ "10 Jun 08:00" in the object's organization's time zone."""
    return local_time(moment, obj, "d M H:i")
