"""The OAuth2 authorization-code steps both ledgers share (Xero's identity server and Intuit's): the
consent URL, and the token endpoint called with the app's client in Basic auth. The token calls are
plain form posts, so they run in Celery with our timeout like every other provider call."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from ..payments.base import Refused, Unreachable


def authorize_url(base: str, *, client_id: str, scope: str, state: str, redirect_uri: str) -> str:
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
    }
    return f"{base}?{urlencode(query)}"


def token_call(
    url: str, *, client: tuple[str, str], provider: str, data: dict[str, str], lifetime: int
) -> dict[str, Any]:
    """Tokens from the endpoint (a code or a refresh token in `data`); `lifetime` when it names none.
    A provider that is down is Unreachable (retried); an answer without a token is Refused."""
    try:
        response = requests.post(
            url, data=data, auth=client, headers={"Accept": "application/json"}, timeout=settings.INTEGRATIONS_TIMEOUT
        )
    except requests.RequestException as exc:
        raise Unreachable(
            _("%(provider)s could not be reached: %(error)s") % {"provider": provider, "error": exc}
        ) from exc
    if response.status_code >= 500:
        raise Unreachable(
            _("%(provider)s answered %(status)s.") % {"provider": provider, "status": response.status_code}
        )
    try:
        body = response.json() if response.content else {}
    except ValueError:  # an HTML error page, not the documented JSON
        body = {}
    if response.status_code != 200 or "access_token" not in body:
        raise Refused(
            _("%(provider)s refused the authorization: %(error)s")
            % {"provider": provider, "error": body.get("error", response.status_code)}
        )
    return {
        "access_token": body["access_token"],
        "refresh_token": body.get("refresh_token", ""),
        "expires_at": time.time() + int(body.get("expires_in", lifetime)),
        "scope": body.get("scope", ""),
    }
