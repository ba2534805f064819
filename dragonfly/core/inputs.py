"""Checks every module's services make before they write: the actor's permission and cleaned text.

A module binds the text check to its own domain error once (`clean_text = text_cleaner(EventInvalid)`),
so its refusals keep their type and their wording."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .errors import DomainError


def require(actor: Any, perm: str, obj: Any, message: str) -> None:
    """Refuse (PermissionDenied, a 403) unless `actor` holds `perm` on `obj`."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def text_cleaner(error: type[DomainError]) -> Callable[..., str]:
    """`clean_text(value, label, *, max_length, required=False)`: stripped text, or `error` saying what is wrong."""

    def clean_text(value: Any, label: str, *, max_length: int, required: bool = False) -> str:
        text = (value or "").strip()
        if required and not text:
            raise error(_("Give the %(label)s.") % {"label": label})
        if len(text) > max_length:
            raise error(_("The %(label)s takes at most %(count)s characters.") % {"label": label, "count": max_length})
        return text

    return clean_text


def only_fields(changes: Any, allowed: Any, error: type[DomainError]) -> None:
    """Refuse (`error`) an edit that names fields outside `allowed`, listing them."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise error(_("These cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
