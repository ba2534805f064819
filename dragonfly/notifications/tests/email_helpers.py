"""Shared by the email tests: a real local SMTP server (aiosmtpd) and the providers' webhook posts."""

import base64
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

SECRET = "postmark:s3cret-hook"


def basic_auth(credentials=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


class Inbox:
    """aiosmtpd's handler: every message the server accepted, parsed, with its envelope."""

    def __init__(self):
        self.messages = []
        self.unknown = set()  # recipients the server refuses, as a real one refuses a missing mailbox
        self.busy = 0  # how many next messages get "451 try again later", as a greylisting server answers

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.busy:
            self.busy -= 1
            return "451 4.7.1 Greylisted, please try again later"
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port, and Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def tasks_inline():
    """Celery tasks in-process even when REDIS_URL names a broker (as in CI)."""
    from dragonfly.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


class PostmarkStub:
    """A local HTTP server speaking Postmark's documented send API (POST /email, postmarkapp.com/
    developer/api/email-api): it keeps each request, and answers an inactive recipient with
    Postmark's 422 / ErrorCode 406, as the real service does."""

    def __init__(self):
        import http.server
        import json
        import threading
        import uuid

        stub = self
        self.requests = []
        self.inactive = set()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stub.requests.append((self.path, dict(self.headers), body))
                if body.get("To") in stub.inactive:
                    status, answer = (
                        422,
                        {
                            "ErrorCode": 406,
                            "Message": "You tried to send to a recipient that has been marked as inactive.\n"
                            f"Found inactive addresses: {body['To']}.\n"
                            "Inactive recipients are ones that have generated a hard bounce or a spam complaint. ",
                        },
                    )
                else:
                    status, answer = (
                        200,
                        {
                            "To": body.get("To"),
                            "SubmittedAt": "2026-12-07T00:00:00Z",
                            "MessageID": str(uuid.uuid4()),
                            "ErrorCode": 0,
                            "Message": "OK",
                        },
                    )
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def postmark(settings):
    """EMAIL_PROVIDER=postmark, its API at a local stub."""
    stub = PostmarkStub()
    settings.EMAIL_PROVIDER = "postmark"
    settings.EMAIL_BACKEND = settings.EMAIL_PROVIDER_BACKENDS["postmark"]
    settings.ANYMAIL = {**settings.ANYMAIL, "POSTMARK_SERVER_TOKEN": "server-token-1", "POSTMARK_API_URL": stub.url}
    try:
        yield stub
    finally:
        stub.stop()
