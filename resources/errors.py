"""The resources module's own refusals. Views and the API turn them into a form error or a 400/409."""

from dragonfly.core.errors import Conflict, DomainError


class ResourceInvalid(DomainError):
    """The request breaks a rule of a material, a course or a lesson (HTTP 400); nothing was saved."""

    code = "invalid_resource"


class EnrolmentConflict(Conflict):
    """The enrolment's state does not allow this (HTTP 409); nothing was changed."""

    code = "enrolment_conflict"


class GrantInvalid(DomainError):
    """The request breaks a rule of a grant or of an application for one (HTTP 400); nothing was saved."""

    code = "invalid_grant"
