"""The productions module's own refusals. Views and the API turn them into a message or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError


class InvalidTransition(Conflict):
    """The current status forbids the move (HTTP 409); nothing was changed."""

    code = "invalid_transition"


class ProductionInvalid(DomainError):
    """The request breaks a rule of productions, tasks, milestones or compliance (HTTP 400)."""

    code = "invalid_production"


__all__ = ["Conflict", "DomainError", "InvalidTransition", "ProductionInvalid"]
