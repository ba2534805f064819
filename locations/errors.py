"""The locations module's own refusals. Views and the API turn them into a form error or a 400."""

from dragonfly.core.errors import Conflict, DomainError


class LocationInvalid(DomainError):
    """The request breaks a rule of a venue or a space (HTTP 400); nothing was saved."""

    code = "invalid_location"


class LocationInUse(Conflict):
    """What is asked for would leave other rows pointing at nothing (HTTP 409); nothing was changed."""

    code = "location_in_use"
