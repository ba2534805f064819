"""The people module's refusals; views and the API turn them into a message or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError


class PeopleInvalid(DomainError):
    """The request breaks a rule (bad times, a position of another workspace); nothing changed."""

    code = "invalid"


class CertificationMissing(DomainError):
    """The position needs certificates the person lacks (or that lapse before the shift ends)."""

    code = "certification_missing"

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__("Cannot assign: " + "; ".join(self.reasons) + ".")


class ScheduleConflict(Conflict):
    """The person is already assigned at that time."""

    code = "schedule_conflict"


class TimeEntryLocked(Conflict):
    """The time entry's status forbids the change (approved entries are locked)."""

    code = "time_entry_locked"


__all__ = ["CertificationMissing", "Conflict", "DomainError", "PeopleInvalid", "ScheduleConflict", "TimeEntryLocked"]
