"""What a module may add to signing in, without the core importing it: a refusal of password
sign-in (SSO-enforced domains) and a two-factor requirement (an organization's rule for its
admins). Modules register in their AppConfig.ready(); the login view and the middleware ask."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_refusals: list[Callable[[str], str | None]] = []
_requirements: list[Callable[[Any], bool]] = []


def register_password_refusal(check: Callable[[str], str | None]) -> None:
    if check not in _refusals:
        _refusals.append(check)


def register_two_factor_requirement(check: Callable[[Any], bool]) -> None:
    if check not in _requirements:
        _requirements.append(check)


def password_refusal(username: str) -> str | None:
    """The reason a password sign-in as `username` is refused, or None."""
    for check in _refusals:
        reason = check(username)
        if reason:
            return reason
    return None


def two_factor_required(user: Any) -> bool:
    return any(check(user) for check in _requirements)
