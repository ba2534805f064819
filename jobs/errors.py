"""The jobs module's own refusals. Views and the API turn them into a form error or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError


class JobsInvalid(DomainError):
    """The request breaks a rule of a posting or a contract (HTTP 400); nothing was saved."""

    code = "invalid_jobs"


class AlreadyApplied(Conflict):
    """The user already applied to this posting (HTTP 409); nothing was changed."""

    code = "already_applied"
