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
