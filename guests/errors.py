"""The guest lists' refusals; views and the API turn them into a message or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError, InvalidTransition


class GuestInvalid(DomainError):
    """The request breaks a rule of guest lists (a bad number, a zone of another venue); nothing changed."""

    code = "invalid"


class OverAllotment(Conflict):
    """Approving would put more people on the list than the allotment has places (HTTP 409)."""

    code = "over_allotment"


class NotOnList(Conflict):
    """The door was asked to check in someone who is not an approved guest of this event (HTTP 409)."""

    code = "not_on_list"


__all__ = ["Conflict", "DomainError", "GuestInvalid", "InvalidTransition", "NotOnList", "OverAllotment"]
