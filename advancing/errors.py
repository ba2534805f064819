"""The advancing module's own refusals. Views and the API turn them into a message or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError, InvalidTransition


class AdvanceInvalid(DomainError):
    """The request breaks a rule of advances: a bad line, a missing note (HTTP 400)."""

    code = "invalid_advance"


class CatalogLoadError(DomainError):
    """A catalog file has rows that cannot be loaded; nothing was written."""

    code = "invalid_catalog"

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} row(s) could not be loaded: " + "; ".join(self.errors[:5]))


__all__ = ["AdvanceInvalid", "CatalogLoadError", "Conflict", "DomainError", "InvalidTransition"]
