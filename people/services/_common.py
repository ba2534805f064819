"""What the people services share: the permission check (the core's) and the organization's clock."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from dragonfly.tenancy.access import (
    local_time,
    org_timezone,
    require,  # noqa: F401 (re-exported for the services)
)

if TYPE_CHECKING:
    from django.db import models


def local_date(moment: datetime.datetime, obj: models.Model) -> datetime.date:
    """The day `moment` falls on where the object's organization is."""
    return moment.astimezone(org_timezone(obj)).date()


def fmt_local(moment: datetime.datetime, obj: models.Model) -> str:
    """ "10 Jun 08:00" in the object's organization's time zone."""
    return local_time(moment, obj, "d M H:i")
