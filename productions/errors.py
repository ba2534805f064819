"""The productions module's own refusals. Views and the API turn them into a message or a 400/409.

A move a status table forbids raises the core engine's InvalidTransition (HTTP 409), re-exported here."""

from dragonfly.core.errors import Conflict, DomainError, InvalidTransition


class ProductionInvalid(DomainError):
    """The request breaks a rule of productions, tasks, milestones or compliance (HTTP 400)."""

    code = "invalid_production"


__all__ = ["Conflict", "DomainError", "InvalidTransition", "ProductionInvalid"]
