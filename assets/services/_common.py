from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db import models


def require(actor: User, perm: str, obj: models.Model, message: str) -> None:
    """Refuse, before anything is read under a lock, when the actor lacks `perm` on `obj`."""
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)
