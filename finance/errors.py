"""The finance module's refusals. Views and the API turn them into a message or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError, InvalidTransition


class FinanceInvalid(DomainError):
    """The request breaks a rule of finance: a bad amount, a missing vendor (HTTP 400)."""

    code = "invalid_finance"


class OverBudget(DomainError):
    """The organization refuses approvals that take a budget line over its planned amount."""

    code = "over_budget"


__all__ = ["Conflict", "DomainError", "FinanceInvalid", "InvalidTransition", "OverBudget"]
