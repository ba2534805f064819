"""The people module's refusals; views and the API turn them into a message or a 400/409."""

from django.utils.translation import gettext as _

from dragonfly.core.errors import Conflict, DomainError, InvalidTransition


class PeopleInvalid(DomainError):
    """The request breaks a rule (bad times, a position of another workspace); nothing changed."""

    code = "invalid"


class CertificationMissing(DomainError):
    """The position needs certificates the person lacks (or that lapse before the shift ends)."""

    code = "certification_missing"

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__(_("Cannot assign: %(reasons)s.") % {"reasons": "; ".join(str(r) for r in self.reasons)})


class ScheduleConflict(Conflict):
    """The person is already assigned at that time."""

    code = "schedule_conflict"


class TimeEntryLocked(Conflict):
    """The clock forbids it: the person is already clocked in, or the entry is not clocked in.

    A move the time entry's status table forbids (an approved entry) raises InvalidTransition."""

    code = "time_entry_locked"


__all__ = [
    "CertificationMissing",
    "Conflict",
    "DomainError",
    "InvalidTransition",
    "PeopleInvalid",
    "ScheduleConflict",
    "TimeEntryLocked",
]
