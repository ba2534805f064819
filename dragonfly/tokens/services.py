"""Creating, finding, using and revoking personal API tokens. The secret exists only in the answer to
its creation; the database keeps knox's SHA-512 digest and the first characters (to find the row)."""

from __future__ import annotations

import datetime
from hmac import compare_digest
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.crypto import hash_token
from knox.models import get_digest_token
from knox.settings import CONSTANTS

from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import is_org_admin

from . import scopes as scope_rules
from .models import APIToken

# Tokens live at most this long; the page offers shorter lives.
MAX_LIFETIME = datetime.timedelta(days=366)
LIFETIME_DAYS = (7, 30, 90, 365)
# A token's last use is written at most this often (one UPDATE a minute, not one per request).
LAST_USED_EVERY = datetime.timedelta(minutes=1)
# Expired tokens stay listed (as expired) this long, then the weekly clean-up removes them.
EXPIRED_KEPT = datetime.timedelta(days=30)
MAX_TOKENS_PER_USER = 50


class TokenRefused(DomainError):
    code = "token_refused"


def create_token(user: Any, *, actor: Any, name: str, scopes: list[str], expires_in_days: int) -> tuple[APIToken, str]:
    """A new token of `user` (who must be the actor): (token, secret). The secret is shown once."""
    if actor.pk != user.pk:
        raise TokenRefused(_("A token is created by its own user."))
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("Give the token a name, e.g. the script or agent that will use it."))
    if len(name) > 100:
        raise TokenRefused(_("A token's name has at most 100 characters."))
    scopes = list(dict.fromkeys(scopes or []))
    if not scopes:
        raise TokenRefused(_("Choose at least one scope: what the token may read or write."))
    bad = [s for s in scopes if not scope_rules.is_valid(s)]
    if bad:
        raise TokenRefused(_("Unknown scope: %(scope)s.") % {"scope": ", ".join(map(str, bad))})
    if not isinstance(expires_in_days, int) or isinstance(expires_in_days, bool):
        raise TokenRefused(_("The token's lifetime is a number of days."))
    lifetime = datetime.timedelta(days=expires_in_days)
    if lifetime <= datetime.timedelta(0) or lifetime > MAX_LIFETIME:
        raise TokenRefused(_("A token lives between 1 and 366 days."))
    with transaction.atomic():
        if APIToken.objects.filter(user=user).live().count() >= MAX_TOKENS_PER_USER:
            raise TokenRefused(
                _("You have %(count)s tokens already: revoke some first.") % {"count": MAX_TOKENS_PER_USER}
            )
        digest, secret = get_digest_token()
        token = APIToken.objects.create(
            digest=digest,
            token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH],
            user=user,
            expiry=timezone.now() + lifetime,
            name=name,
            scopes=scopes,
        )
    return token, secret


def token_for_secret(secret: str) -> APIToken | None:
    """The live token whose secret this is, with its user; None for an unknown, expired or revoked one."""
    if not secret or len(secret) > 200:
        return None
    candidates = APIToken.objects.filter(token_key=secret[: CONSTANTS.TOKEN_KEY_LENGTH]).select_related("user")
    digest = hash_token(secret)
    for token in candidates:
        if compare_digest(digest, token.digest):
            return None if token.is_expired else token
    return None


def token_is_live(token: APIToken) -> bool:
    """Whether `token` still stands: not revoked (deleted) and not expired (a socket asks per message)."""
    return not token.is_expired and APIToken.objects.filter(pk=token.pk).exists()


def record_use(token: APIToken, *, now: datetime.datetime | None = None) -> None:
    """Note that the token was used, at most once a minute (a conditional UPDATE: no row lock)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    recent = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_EVERY)
    APIToken.objects.filter(pk=token.pk).filter(recent).update(last_used_at=now)
    token.last_used_at = now


def may_revoke(user: Any, token: APIToken) -> bool:
    """A token's own user revokes it; so does an admin of an organization the token's user belongs to."""
    if token.user_id == user.pk:
        return True
    return any(
        is_org_admin(user, org_id) for org_id in token.user.memberships.values_list("organization_id", flat=True)
    )


def revoke_token(token: APIToken, *, actor: Any) -> None:
    """Revoke at once: the row goes, so the secret authenticates nothing any more."""
    if not may_revoke(actor, token):
        raise TokenRefused(_("You may not revoke this token."))
    APIToken.objects.filter(pk=token.pk).delete()


def revoke_all_tokens(user: Any) -> int:
    deleted, _kinds = APIToken.objects.filter(user=user).delete()
    return deleted


def tokens_of(user: Any):
    """The user's own tokens, newest first (expired ones too, until the clean-up removes them)."""
    return APIToken.objects.filter(user=user).order_by("-created")


def organization_tokens(organization: Any, *, actor: Any):
    """Every token of the organization's members, for its admins."""
    if not is_org_admin(actor, organization):
        raise TokenRefused(_("Only organization admins see the organization's tokens."))
    return APIToken.objects.of_organization(organization).select_related("user").order_by("-created")


def remove_expired_tokens(now: datetime.datetime, dry_run: bool) -> int:
    rows = APIToken.objects.filter(expiry__lte=now - EXPIRED_KEPT)
    if dry_run:
        return rows.count()
    deleted, _kinds = rows.delete()
    return deleted
