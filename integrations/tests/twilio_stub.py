"""A local HTTP server speaking the part of Twilio's documented REST API the SMS adapter uses
(https://www.twilio.com/docs/usage/api): GET /2010-04-01/Accounts/{Sid}.json and POST
/2010-04-01/Accounts/{Sid}/Messages.json, with HTTP basic auth (Account SID : Auth Token) and
Twilio's error shape ({"code", "message", "more_info", "status"}); and `signature()`, the
X-Twilio-Signature of a callback as Twilio documents it (RequestValidator's own algorithm)."""

import base64
from urllib.parse import parse_qs

from twilio.request_validator import RequestValidator

from dragonfly.testing.http_stub import JsonHandler, StubServer, serve

ACCOUNT_SID = "AC" + "a1" * 16
AUTH_TOKEN = "0123456789abcdef" * 2
SENDER = "+15005550006"
# Twilio's own test number for a recipient who replied STOP (error 21610).
UNSUBSCRIBED = "+15005550004"


class TwilioStub(StubServer):
    def __init__(self):
        super().__init__(Handler)
        self.requests: list[tuple[str, str, dict]] = []
        self.messages = 0

    def sent(self):
        return [form for method, path, form in self.requests if method == "POST" and path.endswith("/Messages.json")]


class Handler(JsonHandler):
    server: TwilioStub

    def _error(self, status, code, message):
        more = f"https://www.twilio.com/docs/errors/{code}"
        self._answer(status, {"code": code, "message": message, "more_info": more, "status": status})

    def _authorized(self):
        expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
        if self.headers.get("Authorization") == f"Basic {expected}":
            return True
        self._error(401, 20003, "Authenticate")
        return False

    def do_GET(self):
        self.server.requests.append(("GET", self.path, {}))
        if not self._authorized():
            return
        if self.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}.json":
            return self._answer(
                200,
                {
                    "sid": ACCOUNT_SID,
                    "friendly_name": "Dragonfly test account",
                    "status": "active",
                    "type": "Full",
                    "owner_account_sid": ACCOUNT_SID,
                    "date_created": "Thu, 04 Jan 2024 10:00:00 +0000",
                    "date_updated": "Thu, 04 Jan 2024 10:00:00 +0000",
                    "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}.json",
                },
            )
        self._error(404, 20404, "The requested resource was not found")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.server.requests.append(("POST", self.path, form))
        if not self._authorized():
            return
        if self.path != f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json":
            return self._error(404, 20404, "The requested resource was not found")
        if form.get("To") == UNSUBSCRIBED:
            return self._error(400, 21610, "Attempt to send to unsubscribed recipient")
        self.server.messages += 1
        sid = f"SM{self.server.messages:032x}"
        self._answer(
            201,
            {
                "account_sid": ACCOUNT_SID,
                "api_version": "2010-04-01",
                "body": form.get("Body", ""),
                "date_created": "Thu, 04 Jan 2024 10:00:00 +0000",
                "date_sent": None,
                "date_updated": "Thu, 04 Jan 2024 10:00:00 +0000",
                "direction": "outbound-api",
                "error_code": None,
                "error_message": None,
                "from": form.get("From"),
                "messaging_service_sid": form.get("MessagingServiceSid"),
                "num_media": "0",
                "num_segments": "1",
                "price": None,
                "price_unit": "USD",
                "sid": sid,
                "status": "queued",
                "to": form.get("To"),
                "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
            },
        )


def start():
    return serve(TwilioStub())


def signature(url: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)
