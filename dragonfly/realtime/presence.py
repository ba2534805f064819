"""Who is looking at an object now: one entry per open socket, kept in the shared cache (Redis when
REDIS_URL is set, so every web process sees the same list), refreshed by the page's heartbeat and
dropped when the socket closes or, for a connection that vanished without closing, once its last
heartbeat is TTL seconds old. Heartbeats come every HEARTBEAT seconds, and each one re-announces the
list, so a vanished viewer is gone from the others' pages within TTL + HEARTBEAT (under 30 s)."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

TTL = 18  # seconds a viewer stays listed after their last heartbeat
HEARTBEAT = 8  # seconds between a page's heartbeats (static/js/live.js)
MAX_LISTED = 50


def _key(topic: str) -> str:
    return f"realtime:presence:{topic}"


def _alive(entries: dict[str, Any], now: float) -> dict[str, Any]:
    return {channel: e for channel, e in entries.items() if isinstance(e, list) and len(e) == 4 and e[2] > now}


def touch(topic: str, channel: str, user_id: int, name: str, doing: str = "") -> list[dict[str, Any]]:
    """Mark `channel` (one socket of `user_id`) as looking at `topic`, and what they are doing there
    ("reviewing", or "" for looking); returns who is there now."""
    now = time.time()
    entries = _alive(cache.get(_key(topic)) or {}, now)
    entries[channel] = [user_id, name, now + TTL, doing]
    if len(entries) > MAX_LISTED * 4:  # a flood of sockets can't grow the entry without bound
        entries = dict(sorted(entries.items(), key=lambda kv: kv[1][2])[-MAX_LISTED * 4 :])
    cache.set(_key(topic), entries, TTL * 2)
    return people(entries)


def leave(topic: str, channel: str) -> list[dict[str, Any]]:
    entries = _alive(cache.get(_key(topic)) or {}, time.time())
    entries.pop(channel, None)
    cache.set(_key(topic), entries, TTL * 2)
    return people(entries)


def people(entries: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per person (several tabs of one person count once, doing what any of them does), in
    the order they arrived."""
    seen: dict[int, dict[str, Any]] = {}
    for user_id, name, _, doing in sorted(entries.values(), key=lambda e: e[2]):
        person = seen.setdefault(user_id, {"id": user_id, "name": name, "doing": ""})
        person["doing"] = person["doing"] or doing
    return list(seen.values())[:MAX_LISTED]
