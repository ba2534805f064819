"""A local HTTP server speaking PostHog's capture API (POST /batch/: {"api_key", "batch": [...]},
https://posthog.com/docs/api/capture) and Mixpanel's ingestion API (POST /track with a form field
`data` holding a JSON array of events, verbose=1 answers {"status": 1|0, "error"},
https://developer.mixpanel.com/reference/track-event). Every raw body is kept, for the tests to
search for what must never leave."""

import json
from urllib.parse import parse_qs

from dragonfly.testing.http_stub import JsonHandler, StubServer, serve

POSTHOG_KEY = "phc_goodProjectKey1234"
MIXPANEL_TOKEN = "0123456789abcdef0123456789abcdef"


class AnalyticsStub(StubServer):
    def __init__(self):
        super().__init__(Handler)
        self.bodies: list[bytes] = []
        self.posthog: list[tuple[str, dict]] = []  # (api_key, event)
        self.mixpanel: list[dict] = []
        self.accepted_keys = {POSTHOG_KEY}
        self.accepted_tokens = {MIXPANEL_TOKEN}


class Handler(JsonHandler):
    server: AnalyticsStub

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.bodies.append(raw)
        path = self.path.split("?", 1)[0]
        if path == "/batch/":
            body = json.loads(raw)
            if body.get("api_key") not in self.server.accepted_keys:
                return self._answer(
                    401,
                    {
                        "type": "authentication_error",
                        "code": "invalid_api_key",
                        "detail": "Project API key invalid. You can find your project API key in PostHog settings.",
                        "attr": None,
                    },
                )
            self.server.posthog.extend((body["api_key"], event) for event in body["batch"])
            return self._answer(200, {"status": "Ok"})
        if path == "/track":
            events = json.loads(parse_qs(raw.decode())["data"][0])
            events = events if isinstance(events, list) else [events]
            if any(e["properties"].get("token") not in self.server.accepted_tokens for e in events):
                return self._answer(200, {"status": 0, "error": "Invalid project token"})
            self.server.mixpanel.extend(events)
            return self._answer(200, {"status": 1, "error": None})
        self._answer(404, {"detail": "Not found"})


def start():
    return serve(AnalyticsStub())
