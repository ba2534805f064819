"""A local HTTP server speaking the part of Stripe's documented API the adapter uses
(https://docs.stripe.com/api): GET /v1/balance, POST /v1/checkout/sessions, with Stripe's error
shape; and `signed()`, the `Stripe-Signature` header computed as Stripe documents it
(https://docs.stripe.com/webhooks#verify-manually)."""

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

from dragonfly.testing.http_stub import JsonHandler, StubServer, serve

GOOD_KEY = "sk_test_good4242"
WEBHOOK_SECRET = "whsec_test_secret"


class StripeStub(StubServer):
    def __init__(self):
        super().__init__(Handler)
        self.requests: list[tuple[str, str, dict]] = []
        self.sessions = 0


class Handler(JsonHandler):
    server: StripeStub

    def _answer(self, status, body, headers=()):
        super()._answer(status, body, [("Request-Id", "req_stub"), *headers])

    def _authorized(self):
        if self.headers.get("Authorization") == f"Bearer {GOOD_KEY}":
            return True
        self._answer(
            401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_test_****"}}
        )
        return False

    def do_GET(self):
        self.server.requests.append(("GET", self.path, {}))
        if not self._authorized():
            return
        if self.path.startswith("/v1/balance"):
            return self._answer(200, {"object": "balance", "livemode": False, "available": [], "pending": []})
        self._answer(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.server.requests.append(("POST", self.path, form))
        if not self._authorized():
            return
        if self.path == "/v1/checkout/sessions":
            self.server.sessions += 1
            sid = f"cs_test_{self.server.sessions}"
            return self._answer(
                200,
                {
                    "id": sid,
                    "object": "checkout.session",
                    "mode": "payment",
                    "status": "open",
                    "payment_status": "unpaid",
                    "amount_total": int(form["line_items[0][price_data][unit_amount]"]),
                    "currency": form["line_items[0][price_data][currency]"],
                    "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
                    "url": f"https://checkout.stripe.com/c/pay/{sid}",
                },
            )
        self._answer(404, {"error": {"type": "invalid_request_error", "message": "Unrecognized request URL"}})


def start():
    return serve(StripeStub())


def signed(payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(event_id, type_, obj):
    return json.dumps(
        {"id": event_id, "object": "event", "type": type_, "api_version": "2024-06-20", "data": {"object": obj}}
    ).encode()
