class DomainError(Exception):
    """A business rule refused the request; nothing was changed. Shown to the user as is."""

    code = "invalid"

    def __init__(self, message, *, code=None):
        super().__init__(message)
        if code:
            self.code = code


class Conflict(DomainError):
    """The object's current state forbids the move (HTTP 409)."""

    code = "conflict"


class InvalidTransition(Conflict):
    """A status move the object's workflow does not allow (HTTP 409); nothing was changed.

    Raised only by `dragonfly.core.workflow`, so every refusal reads the same way:
    "This advance is already approved; it can't be rejected."
    """

    code = "invalid_transition"
