"""The reports module's own refusals. Views and the API turn them into a form error or a 400."""

from dragonfly.core.errors import DomainError


class ReportInvalid(DomainError):
    """A report's definition or parameters break a rule (HTTP 400); nothing was run or saved."""

    code = "invalid_report"
