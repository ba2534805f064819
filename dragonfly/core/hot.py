"""Per-user figures read on every page (the header's unread count; later a dashboard's tiles,
search facets): computed by one bounded query, kept in the shared cache (Redis when REDIS_URL
is set, so every web process sees the same value) and forgotten when what they count changes.

A figure registers once (`register("unread_notifications", count_fn)`); pages read it with
`figure(name, user)`; the code that changes the counted rows calls `forget(name, user_ids)`.
Forgetting happens now and again after the surrounding transaction commits, so a request that
read the old rows just before the commit cannot keep a stale value past the commit. The TTL
is the backstop for writes that bypass the services (a raw UPDATE, a cascade)."""

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TTL_SECONDS = 300
log = logging.getLogger(__name__)
_figures: dict[str, Callable[[Any], Any]] = {}


def register(name: str, compute: Callable[[Any], Any]) -> None:
    _figures[name] = compute


def _key(name: str, user_id: int) -> str:
    return f"hot:{name}:{user_id}"


def figure(name: str, user: Any) -> Any:
    """The cached figure for `user`, computed (and cached) on a miss. Anonymous users get 0."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = _key(name, user.pk)
    try:
        value = cache.get(key)
    except Exception:  # a cache that is away costs a query, never the page (as Django's cached_db sessions)
        log.warning("cache unavailable: %s computed without it", name, exc_info=True)
        return _figures[name](user)
    if value is None:
        value = _figures[name](user)
        _quietly(cache.set, key, value, TTL_SECONDS)
    return value


def _quietly(operation: Callable[..., Any], *args: Any) -> None:
    try:
        operation(*args)
    except Exception:
        log.warning("cache unavailable: %s skipped", operation.__name__, exc_info=True)


def forget(name: str, user_ids: Iterable[int]) -> None:
    keys = [_key(name, pk) for pk in set(user_ids) if pk is not None]
    if not keys:
        return
    _quietly(cache.delete_many, keys)
    # After the commit too: a reader between our delete and the commit cached the old value.
    transaction.on_commit(lambda: _quietly(cache.delete_many, keys))


def forget_user(user_id: int) -> None:
    """Every figure of one user: a new account starts with nothing cached (test databases reuse
    primary keys, and a recycled id must not inherit a deleted user's counts)."""
    forget_all = [_key(name, user_id) for name in _figures]
    if forget_all:
        _quietly(cache.delete_many, forget_all)
