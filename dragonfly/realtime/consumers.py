"""One WebSocket per open page: it subscribes to topics, and every message is checked for its user.

Client → server (JSON, at most MAX_INCOMING bytes):  {"subscribe": ["advancing.advance:12", ...]},
and {"presence": "advancing.advance:12"} every few seconds while the page is open (presence.py)
  - `app.model:pk`  one object (and what points at it: a run of show hears its cues);
  - `app.model`     that model in every workspace the user belongs to (a review queue);
  - `notifications` the user's own bell.
Server → client: {"type": "subscribed", "topics": [...], "refused": [...]}, {"type": "event", ...},
{"type": "notification", "unread": n, "title": ...}, {"type": "presence", "topic": ..., "people": [...]},
{"type": "resync"} after dropped messages.

Each topic is checked when subscribed (the same `visible_to` as the page) and each event again
when it arrives, before it is sent: a member of another organization, or a crew member who may
not see finance, never receives it. Outgoing messages wait in a bounded queue: a client that does
not read falls behind, its queue overflows and the connection is closed (it reconnects and
refetches), so a slow or malicious client can't grow the server's memory."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import time
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model

from dragonfly.tenancy.access import clear_access, display_name

from . import checks, presence
from .groups import list_group, live_model, object_group, user_group

MAX_TOPICS = 20
NOTIFICATIONS = "notifications"
CLOSE_POLICY = 4403  # signed out, or no longer allowed
CLOSE_TOO_BIG = 4009
CLOSE_OVERFLOW = 4008


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class LiveConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.user = self.scope.get("user")
        if self.user is None or not self.user.is_authenticated or not self.user.is_active:
            await self.close(code=CLOSE_POLICY)
            return
        self.groups_joined: set[str] = set()
        self.topics: set[str] = set()
        self.present: set[str] = set()
        # what this user is doing per object topic, asked of the model at join and again at the
        # first heartbeat after an event on that object (not at every heartbeat: that was a read
        # and a permission check per open page every 8 s)
        self.doing: dict[str, str] = {}
        self.cleared: dict[str, float] = {}  # topic → until when its presence may be shown unchecked
        self.seen: collections.deque[str] = collections.deque(maxlen=64)
        self.outbox: asyncio.Queue[str] = asyncio.Queue(maxsize=_setting("REALTIME_SEND_QUEUE", 64))
        self.writer = asyncio.ensure_future(self._write())
        await self.accept()

    async def disconnect(self, code: int) -> None:
        writer = getattr(self, "writer", None)
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
        for topic in getattr(self, "present", ()):
            people = await database_sync_to_async(presence.leave)(topic, self.channel_name)
            await self._announce(topic, people)
        for name in getattr(self, "groups_joined", ()):
            await self.channel_layer.group_discard(name, self.channel_name)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Channels' own dispatch first hops to the database thread to close stale connections, for
        every message of every socket: at 1,000 sockets, 1,000 hops per event. Every database call
        here is a `database_sync_to_async`, which closes them itself around the call."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    # --- from the client -------------------------------------------------------------
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        if len(raw.encode()) > _setting("REALTIME_MAX_INCOMING", 4096):
            await self.close(code=CLOSE_TOO_BIG)
            return
        try:
            message = json.loads(raw)
        except ValueError:
            await self._queue({"type": "error", "error": "not JSON"})
            return
        topics = message.get("subscribe") if isinstance(message, dict) else None
        if message == {"type": "ping"}:
            await self._queue({"type": "pong"})
            return
        if isinstance(message, dict) and "presence" in message:
            await self._here(message["presence"])
            return
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            await self._queue({"type": "error", "error": 'send {"subscribe": ["app.model:id", ...]}'})
            return
        accepted, refused = [], []
        for topic in topics[:MAX_TOPICS]:
            if len(self.topics) >= MAX_TOPICS and topic not in self.topics:
                refused.append(topic)
                continue
            groups = await self._groups_for_topic(topic)
            if groups is None:
                refused.append(topic)
                continue
            for name in groups:
                if name not in self.groups_joined:
                    await self.channel_layer.group_add(name, self.channel_name)
                    self.groups_joined.add(name)
            self.topics.add(topic)
            accepted.append(topic)
        refused.extend(topics[MAX_TOPICS:])
        await self._queue({"type": "subscribed", "topics": accepted, "refused": refused[:MAX_TOPICS]})

    @database_sync_to_async
    def _groups_for_topic(self, topic: str) -> list[str] | None:
        """The groups a topic joins, or None when this user may not follow it."""
        if topic == NOTIFICATIONS:
            return [user_group(self.user.pk)]
        label, _, pk = topic.partition(":")
        model = live_model(label)
        if model is None or not self._token_allows(model):
            return None
        clear_access(self.user)
        visible = model._default_manager.visible_to(self.user)  # type: ignore[attr-defined]
        if pk:
            if not pk.isdigit() or len(pk) > 18 or not visible.filter(pk=int(pk)).exists():
                return None
            return [object_group(label, int(pk))]
        from dragonfly.tenancy.models import Workspace

        workspaces = Workspace.objects.visible_to(self.user).values_list("pk", flat=True)
        return [list_group(label, ws) for ws in workspaces]

    async def _here(self, topic: Any) -> None:
        """Join (or keep, as a heartbeat) the viewers of an object topic this socket follows."""
        if not isinstance(topic, str) or topic not in self.topics or ":" not in topic:
            await self._queue({"type": "error", "error": "presence needs a followed object topic"})
            return
        self.present.add(topic)
        if topic not in self.doing:
            self.doing[topic] = await self._doing(topic)
        doing = self.doing[topic]
        people = await database_sync_to_async(presence.touch)(
            topic, self.channel_name, self.user.pk, display_name(self.user), doing
        )
        await self._announce(topic, people)

    @database_sync_to_async
    def _doing(self, topic: str) -> str:
        """What this user is doing on the object's page, as its model says (`presence_doing(user)`: an
        advance in review says "reviewing" of those who may review it); asked again after any event
        on the object, so it ends with the review."""
        label, _, pk = topic.partition(":")
        model = live_model(label)
        if model is None or not hasattr(model, "presence_doing"):
            return ""
        obj = model._default_manager.filter(pk=int(pk)).first()
        return obj.presence_doing(self.user) if obj is not None else ""

    async def _announce(self, topic: str, people: list[dict[str, Any]]) -> None:
        label, _, pk = topic.partition(":")
        await self.channel_layer.group_send(
            object_group(label, int(pk)), {"type": "live.presence", "topic": topic, "people": people}
        )

    # --- from the channel layer ------------------------------------------------------
    async def live_event(self, message: dict[str, Any]) -> None:
        if message.get("uid") in self.seen:
            return  # the same event through two groups (its object's and its list's)
        self.seen.append(message.get("uid", ""))
        topic = f"{message.get('model', '')}:{message.get('id')}"
        self.cleared.pop(topic, None)
        if not await self._may_hear(message):
            return
        self.doing.pop(topic, None)  # what they do there may have changed
        payload = {k: message.get(k) for k in ("event", "model", "id", "actor", "data", "at")}
        payload["mine"] = message.get("actor_id") == self.user.pk
        await self._queue({"type": "event", **payload})

    async def live_presence(self, message: dict[str, Any]) -> None:
        topic = message.get("topic", "")
        if topic not in self.topics:
            return  # a parent's group carries its children's viewers: not this page's business
        # every viewer's heartbeat reaches every other viewer: the access check is reused for one
        # heartbeat interval (an event on the object asks it afresh) instead of two queries each
        if self.cleared.get(topic, 0.0) < time.monotonic():
            label, _, pk = topic.partition(":")
            if not await self._may_see(label, int(pk)):
                self.cleared.pop(topic, None)
                return
            self.cleared[topic] = time.monotonic() + presence.HEARTBEAT
        people = [p for p in message.get("people", []) if p.get("id") != self.user.pk]
        await self._queue({"type": "presence", "topic": topic, "people": people})

    async def live_notification(self, message: dict[str, Any]) -> None:
        found = await self._notification(message.get("notification"))
        if found is not None:
            await self._queue({"type": "notification", **found})

    async def _may_hear(self, message: dict[str, Any]) -> bool:
        """An event reaches every socket following it at once: a page's socket asks with the others of
        this process (checks.py, one answer per distinct question); an API client's token is checked
        on its own too (scopes, revocation)."""
        label, pk = message.get("model", ""), message.get("id")
        if self.scope.get("api_token") is not None:
            return bool(await self._may_see(label, pk))
        user = await checks.may_see(label, pk, str(message.get("uid", "")), self.user.pk)
        if user is None:
            return False
        self.user = user  # memberships and roles as they are now, not as they were at connect
        return True

    @database_sync_to_async
    def _may_see(self, label: str, pk: Any) -> bool:
        """The page's own question, asked again for this message: may this user see the object now?"""
        model = live_model(label)
        if model is None or pk is None or not self._token_allows(model, again=True):
            return False
        user = get_user_model()._default_manager.filter(pk=self.user.pk, is_active=True).first()
        if user is None:
            return False
        self.user = user  # memberships and roles as they are now, not as they were at connect
        clear_access(user)
        return model._default_manager.visible_to(user).filter(pk=pk).exists()  # type: ignore[attr-defined]

    def _token_allows(self, model: Any, *, again: bool = False) -> bool:
        """An API client's token: reads only the modules its scopes allow, and only while it lives."""
        token = self.scope.get("api_token")
        if token is None:
            return True
        from dragonfly.tokens.scopes import allows
        from dragonfly.tokens.services import token_is_live

        if again and not token_is_live(token):
            return False
        return allows(token.scopes, model._meta.app_label, write=False)

    @database_sync_to_async
    def _notification(self, pk: Any) -> dict[str, Any] | None:
        from dragonfly.notifications.models import Notification
        from dragonfly.notifications.services import unread_count

        clear_access(self.user)
        row = Notification.objects.visible_to(self.user).filter(pk=pk).first()
        if row is None:
            return None
        return {"unread": unread_count(self.user), "title": row.title, "url": row.url}

    # --- to the client ---------------------------------------------------------------
    async def _queue(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, default=str)
        if len(text) > _setting("REALTIME_MAX_OUTGOING", 16384):
            text = json.dumps({"type": "resync"})  # too big to push: the page refetches
        try:
            self.outbox.put_nowait(text)
        except asyncio.QueueFull:
            # The client reads slower than events come: drop it rather than hold an ever longer queue.
            await self.close(code=CLOSE_OVERFLOW)

    async def _write(self) -> None:
        while True:
            text = await self.outbox.get()
            await self.send(text_data=text)
