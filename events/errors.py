"""The events module's own refusals. Views and the API turn them into a message or a 400/409.

A move a status table forbids raises the core engine's InvalidTransition (HTTP 409), re-exported here."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragonfly.core.errors import Conflict, DomainError, InvalidTransition


class EventInvalid(DomainError):
    """The request breaks a rule of the schedule, a venue, a cue or an incident (HTTP 400)."""

    code = "invalid_event"


class ScheduleConflict(Conflict):
    """Hard clashes (same venue space or person at the same time) that were not confirmed (HTTP 409).

    Nothing was saved; saving again with the clashes confirmed goes ahead."""

    code = "schedule_conflict"

    def __init__(self, clashes):
        self.clashes = list(clashes)
        hard = [c for c in self.clashes if c.severity == "hard"]
        first = hard[0].message if hard else _("The schedule clashes.")
        more = (
            ngettext(" (and %(count)s more)", " (and %(count)s more)", len(hard) - 1) % {"count": len(hard) - 1}
            if len(hard) > 1
            else ""
        )
        super().__init__(_("%(first)s%(more)s Confirm to save anyway.") % {"first": first, "more": more})


__all__ = ["Conflict", "DomainError", "EventInvalid", "InvalidTransition", "ScheduleConflict"]
