"""The dashboard's own refusals. Views and the API turn them into a message or a 400."""

from dragonfly.core.errors import DomainError


class DashboardInvalid(DomainError):
    """The change breaks a rule of a dashboard (HTTP 400); nothing was saved."""

    code = "invalid_dashboard"
