"""What the people services share: the permission check (the core's) and the organization's clock."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from dragonfly.tenancy.access import (
    org_timezone,
    require,  # noqa: F401 (re-exported for the services)
    venue_time,
)

if TYPE_CHECKING:
    from django.db import models


def local_date(moment: datetime.datetime, obj: models.Model) -> datetime.date:
    """The day `moment` falls on where the object's organization is."""
    return moment.astimezone(org_timezone(obj)).date()


def fmt_shift(moment: datetime.datetime, assignment: models.Model) -> str:
    """ "10 Jun 08:00 EDT": a shift's time where it happens (the venue's zone, labelled)."""
    return venue_time(moment, assignment, "d M H:i")
