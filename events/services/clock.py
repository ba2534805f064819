"""The show's clock: one place that says what time it is for calling cues, so a test can set it for
a whole story (the pages, the API and the services all read it)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from ..models import Event

# A show may overrun its booked end; its cues can still be called this long after it.
CALL_GRACE = datetime.timedelta(hours=6)


def show_clock() -> datetime.datetime:
    return timezone.now()


def show_is_over(event: Event) -> bool:
    """Past the event's end (and the grace for an overrun): its calls are the record, read-only."""
    return show_clock() >= event.ends_at + CALL_GRACE
