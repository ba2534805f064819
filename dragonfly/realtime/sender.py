"""Group sends from synchronous code (an after-commit push in a view, a task, a command).

`async_to_sync` runs each call on a new event loop, and channels-redis keeps its connections per
loop, so every push paid for a new Redis connection: about 5 ms a call, 20 ms for an event's four
groups, on every committed change. One loop per process, on a daemon thread, keeps one connection
pool for all of them (bench/README.md, "Pushing from synchronous code").

The in-memory layer (the first-run default) stays on `async_to_sync`: its queues belong to the
server's own loop, which `async_to_sync` finds from a view's thread."""

from __future__ import annotations

import asyncio
import os
import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer

TIMEOUT = 5.0  # seconds a push may take before the committed request goes on without it

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_pid: int | None = None


def _send_loop() -> asyncio.AbstractEventLoop:
    """This process's sending loop; a forked child (a Celery or gunicorn worker) starts its own."""
    global _loop, _pid
    with _lock:
        if _loop is None or _pid != os.getpid():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="realtime-send", daemon=True).start()
            _loop, _pid = loop, os.getpid()
        return _loop


def group_send_all(layer: Any, groups: list[str], message: dict[str, Any]) -> None:
    """Send `message` to every group, in order; raises what the layer raised (or TimeoutError)."""
    if not groups:
        return

    async def send_all() -> None:
        for name in groups:
            await layer.group_send(name, message)

    if isinstance(layer, InMemoryChannelLayer):
        async_to_sync(send_all)()
        return
    asyncio.run_coroutine_threadsafe(send_all(), _send_loop()).result(timeout=TIMEOUT)
