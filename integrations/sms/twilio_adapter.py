"""Twilio through its official SDK: the account fetched to check the credentials, a Message created
to send, `RequestValidator` to verify Twilio's signed callbacks (X-Twilio-Signature).

`settings.TWILIO_API_BASE` points the SDK elsewhere (a local stub in tests); blank is Twilio itself."""

from __future__ import annotations

import re
from typing import Any

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from .base import BadSignature, Refused, SentSms, Unreachable, Unsubscribed

UNSUBSCRIBED = 21610  # "Attempt to send to unsubscribed recipient"
MESSAGING_SERVICE = re.compile(r"MG[0-9a-fA-F]{32}")


class _HttpClient(TwilioHttpClient):
    """The SDK's own client, with a timeout, and sent to TWILIO_API_BASE when that is set."""

    def request(self, method, url, *args, **kwargs):
        base = getattr(settings, "TWILIO_API_BASE", "")
        if base:
            url = re.sub(r"^https://[^/]+", base.rstrip("/"), url)
        return super().request(method, url, *args, **kwargs)


class TwilioAdapter:
    provider = "twilio"

    def _client(self, credentials: dict[str, Any]) -> Client:
        sid = credentials.get("account_sid", "")
        # No SDK retries: Celery retries with back-off, and a worker is not held longer.
        http = _HttpClient(timeout=settings.INTEGRATIONS_TIMEOUT, max_retries=0)
        return Client(sid, credentials.get("auth_token", ""), account_sid=sid, http_client=http)

    def _call(self, call):
        try:
            return call()
        except TwilioRestException as exc:
            reason = f"{exc.msg} ({exc.code})" if exc.code else str(exc.msg)
            if exc.code == UNSUBSCRIBED:
                raise Unsubscribed(_("The recipient has unsubscribed (replied STOP).")) from exc
            if exc.status in (401, 403):
                raise Refused(_("Twilio refused the credentials: %(reason)s") % {"reason": reason}) from exc
            if exc.status == 429 or exc.status >= 500:
                raise Unreachable(reason) from exc
            raise Refused(_("Twilio refused the message: %(reason)s") % {"reason": reason}) from exc
        except (requests.RequestException, TwilioException) as exc:  # timeout, network: try again later
            raise Unreachable(str(exc)) from exc

    def check(self, credentials: dict[str, Any]) -> str:
        sid = credentials.get("account_sid", "")
        account = self._call(lambda: self._client(credentials).api.v2010.accounts(sid).fetch())
        return _("Twilio answered: %(name)s (%(status)s).") % {"name": account.friendly_name, "status": account.status}

    def send(self, credentials: dict[str, Any], *, to: str, body: str, status_callback: str) -> SentSms:
        sender = credentials.get("sender", "")
        by = {"messaging_service_sid": sender} if MESSAGING_SERVICE.fullmatch(sender) else {"from_": sender}
        if status_callback:
            by["status_callback"] = status_callback
        message = self._call(lambda: self._client(credentials).messages.create(to=to, body=body, **by))
        return SentSms(provider_sid=message.sid or "", status=message.status or "queued")

    def verify(self, credentials: dict[str, Any], url: str, params: dict[str, str], signature: str) -> None:
        token = credentials.get("auth_token", "")
        if not token or not signature or not RequestValidator(token).validate(url, params, signature):
            raise BadSignature("signature")
