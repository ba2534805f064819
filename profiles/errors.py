"""The profiles module's own refusals. Views and the API turn them into a form error or a 400."""

from dragonfly.core.errors import DomainError


class ProfileInvalid(DomainError):
    """The request breaks a rule of a profile, a work history entry or an endorsement (HTTP 400); nothing was saved."""

    code = "invalid_profile"
