"""PostHog through its official SDK's batch request (`posthog.request.batch_post`: POST /batch/
with the project API key). The host is the admin's (US or EU cloud, or self-hosted), unless the
deployment's `settings.POSTHOG_HOST` is set (a local stub in tests)."""

from __future__ import annotations

import re
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from posthog.request import APIError, batch_post

from .base import Event, Refused, Unreachable

DEFAULT_HOST = "https://us.i.posthog.com"
HOST = re.compile(r"^https://[a-z0-9.-]+(:\d+)?/?$")


class PostHogAdapter:
    provider = "posthog"
    fields = (
        ("api_key", gettext_lazy("Project API key (phc_…)"), True),
        ("host", gettext_lazy("Host (blank: https://us.i.posthog.com)"), False),
    )

    def clean(self, values: dict[str, str]) -> dict[str, str]:
        key = (values.get("api_key") or "").strip()
        host = (values.get("host") or "").strip().lower() or DEFAULT_HOST
        if not key.startswith("phc_") or len(key) > 255:
            raise ValueError(_("That does not look like a PostHog project API key (phc_…)."))
        if not HOST.match(host):
            raise ValueError(_("Give the PostHog host as https://… (for example https://eu.i.posthog.com)."))
        return {"api_key": key, "host": host.rstrip("/")}

    def send(self, credentials: dict[str, Any], events: list[Event]) -> None:
        batch = [
            {
                "event": event.name,
                "distinct_id": event.distinct_id,
                "timestamp": event.timestamp.isoformat(),
                "uuid": event.uuid or None,
                # No person profile from server events: the hash is all PostHog learns of a user.
                "properties": {**event.properties, "$process_person_profile": False, "$geoip_disable": True},
            }
            for event in events
        ]
        host = settings.POSTHOG_HOST or credentials.get("host") or DEFAULT_HOST
        try:
            batch_post(credentials.get("api_key", ""), host, timeout=settings.INTEGRATIONS_TIMEOUT, batch=batch)
        except APIError as exc:
            status = exc.status if isinstance(exc.status, int) else 0
            if status == 429 or status >= 500 or not status:
                raise Unreachable(_("PostHog is unavailable (%(status)s).") % {"status": exc.status}) from exc
            raise Refused(_("PostHog refused the events: %(message)s") % {"message": exc.message}) from exc
        except requests.RequestException as exc:
            raise Unreachable(_("PostHog could not be reached: %(error)s") % {"error": exc}) from exc
