"""One access question per event and process, not one per socket.

An event reaches every socket of a process that follows it at the same moment. Each socket used to
ask the database alone whether its user may see the event's object: its user, memberships, the
roles' permissions, its grants, the object (five queries and a hop to the one database thread per
socket), so 1,000 open pages cost seconds per event (bench/README.md, "Realtime delivery"). The
sockets' questions about one event are gathered until the loop has been quiet for a moment and
answered together: the users and all their access in four queries, then one query per distinct
visibility filter (a thousand crew of one workspace share one), the filters compared as values, not
as compiled SQL. Each user is still judged on their own memberships and grants as they are now; only
identical questions share an answer."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet

from dragonfly.tenancy.querysets import NOTHING, VisibleQuerySet

from .groups import live_model

GATHER_QUIET = 0.002  # seconds without a new question before the batch is answered

_pending: dict[tuple[str, str, str], _Batch] = {}


class _Batch:
    def __init__(self) -> None:
        self.waiting: dict[int, list[asyncio.Future[Any]]] = defaultdict(list)
        self.asked = 0


async def may_see(label: str, pk: Any, uid: str, user_id: int) -> Any:
    """The user as they are now (memberships and roles freshly read) when they may see object `pk`
    of model `label`, which event `uid` is about; None when they may not (or are no longer active)."""
    key = (label, str(pk), uid)
    batch = _pending.get(key)
    if batch is None:
        batch = _pending[key] = _Batch()
        asyncio.ensure_future(_answer_when_quiet(key, batch))
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    batch.waiting[user_id].append(future)
    batch.asked += 1
    return await future


async def _answer_when_quiet(key: tuple[str, str, str], batch: _Batch) -> None:
    asked = -1
    while asked != batch.asked:  # the sockets wake one after another: wait until no one more asks
        asked = batch.asked
        await asyncio.sleep(GATHER_QUIET)
    del _pending[key]  # a socket asking from now on starts a new batch
    try:
        allowed = await _answer(key[0], key[1], list(batch.waiting))
    except Exception as error:  # each socket's own task then fails as its own check would have
        for futures in batch.waiting.values():
            for future in futures:
                future.set_exception(error)
        return
    for user_id, futures in batch.waiting.items():
        for future in futures:
            future.set_result(allowed.get(user_id))


@database_sync_to_async
def _answer(label: str, pk: str, user_ids: list[int]) -> dict[int, Any]:
    from dragonfly.tenancy.access import prime_access

    model = live_model(label)
    if model is None or not pk.isdigit():
        return {}
    users = list(get_user_model()._default_manager.filter(pk__in=user_ids, is_active=True))
    prime_access(users, for_checks=True)
    rows = model._default_manager.all()
    alike: dict[Any, tuple[Any, list[Any]]] = {}
    for user in users:
        asked = _question(rows, user)
        if asked is None:  # nothing visible at all (no membership left): no need to ask
            continue
        key, visible = asked
        try:
            hash(key)
        except TypeError:  # a value that can't be compared: this user's question stays their own
            key = ("user", user.pk)
        alike.setdefault(key, (visible, []))[1].append(user)
    # equal questions have one answer: asked once for everyone who asks it
    return {user.pk: user for visible, same in alike.values() if visible(int(pk)) for user in same}


def _question(rows: Any, user: Any) -> tuple[Any, Any] | None:
    """A key equal for users bound to get the same answer, and how to ask it of object pk; None when
    the user sees nothing. Models that keep `visible_to` as it is (every tenant model) give their
    filter as a value (`visible_filter`, a Q): no query is built and compiled per user, which cost ~1 ms
    each (bench/README.md, "Realtime delivery"). Those with their own `visible_to` are keyed on the
    SQL it compiles to."""
    if type(rows).visible_to is VisibleQuerySet.visible_to:
        seen = rows.visible_filter(user)
        if seen is NOTHING:
            return None
        return ("filter", seen), lambda pk: rows.seen_through(seen).filter(pk=pk).exists()
    visible = rows.visible_to(user)
    try:
        sql, params = visible.query.sql_with_params()
    except EmptyResultSet:
        return None
    return ("sql", sql, params), lambda pk: visible.filter(pk=pk).exists()
