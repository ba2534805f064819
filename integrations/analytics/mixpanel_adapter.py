"""Mixpanel through its official SDK: a `BufferedConsumer` sends the events to /track in batches of
50 (the project token names the project). `settings.MIXPANEL_API_BASE` points it elsewhere (a
local stub in tests); blank is api.mixpanel.com."""

from __future__ import annotations

import re
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mixpanel import BufferedConsumer, Mixpanel, MixpanelException

from .base import Event, Refused, Unreachable

TOKEN = re.compile(r"^[0-9a-f]{32}$")


class MixpanelAdapter:
    provider = "mixpanel"
    fields = (("token", gettext_lazy("Project token"), True),)

    def clean(self, values: dict[str, str]) -> dict[str, str]:
        token = (values.get("token") or "").strip().lower()
        if not TOKEN.match(token):
            raise ValueError(_("That does not look like a Mixpanel project token (32 hexadecimal characters)."))
        return {"token": token}

    def send(self, credentials: dict[str, Any], events: list[Event]) -> None:
        base = (settings.MIXPANEL_API_BASE or "https://api.mixpanel.com").rstrip("/")
        consumer = BufferedConsumer(
            events_url=f"{base}/track", request_timeout=settings.INTEGRATIONS_TIMEOUT, retry_limit=0
        )
        client = Mixpanel(credentials.get("token", ""), consumer=consumer)
        try:
            for event in events:
                properties = {**event.properties, "time": int(event.timestamp.timestamp())}
                if event.uuid:
                    properties["$insert_id"] = event.uuid
                client.track(event.distinct_id, event.name, properties)
            consumer.flush()
        except MixpanelException as exc:
            if isinstance(exc.__cause__, requests.RequestException):
                raise Unreachable(_("Mixpanel could not be reached: %(error)s") % {"error": exc.__cause__}) from exc
            raise Refused(_("Mixpanel refused the events: %(message)s") % {"message": exc}) from exc
