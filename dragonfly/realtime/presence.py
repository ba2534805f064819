"""Who is looking at an object now: one entry per open socket, kept in the shared cache (Redis when
REDIS_URL is set, so every web process sees the same list), refreshed by the page's heartbeat and
dropped when the socket closes or, for a connection that vanished without closing, once its last
heartbeat is TTL seconds old. Heartbeats come every HEARTBEAT seconds, and each one re-announces the
list, so a vanished viewer is gone from the others' pages within TTL + HEARTBEAT (under 30 s).

Each socket is one field of a Redis hash, written on its own (HSET), so two heartbeats arriving at
the same instant in two processes can't overwrite each other's entry, as a read-modify-write of one
value would. Without Redis (`make run`: one process) a lock makes the read-modify-write atomic."""

from __future__ import annotations

import json
import threading
import time
from functools import cache as once
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache

TTL = 18  # seconds a viewer stays listed after their last heartbeat
HEARTBEAT = 8  # seconds between a page's heartbeats (static/js/live.js)
MAX_LISTED = 50
_local_lock = threading.Lock()


def _key(topic: str) -> str:
    return f"realtime:presence:{topic}"


@once
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def _valid(e: Any) -> bool:
    return isinstance(e, list) and len(e) == 4


def _alive(entries: dict[str, Any], now: float) -> dict[str, Any]:
    return {channel: e for channel, e in entries.items() if _valid(e) and e[2] > now}


def _write(topic: str, channel: str, entry: list[Any] | None) -> dict[str, Any]:
    """Set (or, with None, remove) one socket's entry and return every live entry of the topic."""
    now = time.time()
    cache_conf = settings.CACHES["default"]
    if cache_conf["BACKEND"].endswith(".RedisCache"):  # the cache's own Redis (REDIS_URL's)
        client, key = _redis(cache_conf["LOCATION"]), _key(topic)
        with client.pipeline() as pipe:  # MULTI/EXEC: the write and the read are one step
            if entry is None:
                pipe.hdel(key, channel)
            else:
                pipe.hset(key, channel, json.dumps(entry))
            pipe.expire(key, TTL * 2)
            pipe.hgetall(key)
            raw = pipe.execute()[-1]
        entries = {k.decode(): json.loads(v) for k, v in raw.items()}
        # Entries dead for a whole TTL go; one that beats again meanwhile is simply written back.
        gone = [c for c, e in entries.items() if not _valid(e) or e[2] + TTL < now]
        if len(entries) - len(gone) > MAX_LISTED * 4:  # a flood of sockets can't grow the hash unbounded
            gone += [c for c, _ in sorted(entries.items(), key=lambda kv: kv[1][2])[: -MAX_LISTED * 4]]
        if gone:
            client.hdel(key, *set(gone))
        return _alive(entries, now)
    with _local_lock:
        entries = _alive(cache.get(_key(topic)) or {}, now)
        if entry is None:
            entries.pop(channel, None)
        else:
            entries[channel] = entry
        if len(entries) > MAX_LISTED * 4:
            entries = dict(sorted(entries.items(), key=lambda kv: kv[1][2])[-MAX_LISTED * 4 :])
        cache.set(_key(topic), entries, TTL * 2)
        return entries


def touch(topic: str, channel: str, user_id: int, name: str, doing: str = "") -> list[dict[str, Any]]:
    """Mark `channel` (one socket of `user_id`) as looking at `topic`, and what they are doing there
    ("reviewing", or "" for looking); returns who is there now."""
    return people(_write(topic, channel, [user_id, name, time.time() + TTL, doing]))


def leave(topic: str, channel: str) -> list[dict[str, Any]]:
    return people(_write(topic, channel, None))


def people(entries: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per person (several tabs of one person count once, doing what any of them does), in
    the order they arrived."""
    seen: dict[int, dict[str, Any]] = {}
    for user_id, name, _, doing in sorted(entries.values(), key=lambda e: e[2]):
        person = seen.setdefault(user_id, {"id": user_id, "name": name, "doing": ""})
        person["doing"] = person["doing"] or doing
    return list(seen.values())[:MAX_LISTED]
