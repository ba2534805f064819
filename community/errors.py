"""The community module's own refusals. Views and the API turn them into a form error or a 400."""

from dragonfly.core.errors import DomainError


class CommunityInvalid(DomainError):
    """The request breaks a rule of the community (a post, a comment, a connection); nothing was saved."""

    code = "invalid_community"


class PostingTooFast(CommunityInvalid):
    """Too many posts or comments in a short time (HTTP 400, the message says when to try again)."""

    code = "posting_rate_limited"
