"""A local HTTP server speaking the part of Xero's documented APIs the adapter uses: the identity
token endpoint (POST /connect/token, authorization_code and refresh_token grants, client in Basic
auth; https://developer.xero.com/documentation/guides/oauth2/auth-flow), GET /connections, and the
Accounting API's GET /api.xro/2.0/Organisation and PUT/POST /api.xro/2.0/Invoices and
/api.xro/2.0/PurchaseOrders with the `xero-tenant-id` header, `Idempotency-Key` and Xero's
ValidationException shape."""

import base64
import json
import threading
import uuid
from urllib.parse import parse_qs

from dragonfly.testing.http_stub import JsonHandler, StubServer, serve

CLIENT_ID, CLIENT_SECRET = "xero-client", "xero-secret"
GOOD_CODE = "good-code"
TENANT = "tenant-0000-4242"
REFUSED_CONTACT = "Refuse Me Ltd"


class XeroStub(StubServer):
    def __init__(self):
        super().__init__(Handler)
        self.tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.invoices: list[dict] = []  # created, in order
        self.purchase_orders: list[dict] = []  # created, in order
        self.calls: list[str] = []  # the path of every create call, in order
        self.answers: dict[str, tuple[int, dict]] = {}  # by Idempotency-Key
        self.grants: list[str] = []
        self.lock = threading.Lock()

    def issue(self):
        with self.lock:
            access, refresh = f"access-{uuid.uuid4().hex}", f"refresh-{uuid.uuid4().hex}"
            self.tokens.add(access)
            self.refresh_tokens.add(refresh)
        return {"access_token": access, "refresh_token": refresh, "expires_in": 1800, "token_type": "Bearer"}


class Handler(JsonHandler):
    server: XeroStub

    def _bearer(self):
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token in self.server.tokens:
            return True
        self._answer(401, {"Type": None, "Title": "Unauthorized", "Status": 401, "Detail": "TokenExpired"})
        return False

    def do_GET(self):
        if not self._bearer():
            return
        if self.path == "/connections":
            tenant = {"id": "c1", "tenantId": TENANT, "tenantType": "ORGANISATION", "tenantName": "Acme Books"}
            return self._answer(200, [tenant])
        if self.path.startswith("/api.xro/2.0/Organisation"):
            if self.headers.get("xero-tenant-id") != TENANT:
                return self._answer(403, {"Title": "Forbidden", "Status": 403, "Detail": "AuthenticationUnsuccessful"})
            return self._answer(200, {"Organisations": [{"Name": "Acme Books"}]})
        self._answer(404, {"Message": "The resource you're looking for cannot be found"})

    def do_POST(self):
        if self.path == "/connect/token":
            return self._token()
        return self._create()

    do_PUT = do_POST

    def _token(self):
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        if self.headers.get("Authorization") != expected:
            return self._answer(400, {"error": "invalid_client"})
        self.server.grants.append(form.get("grant_type", ""))
        if form.get("grant_type") == "authorization_code" and form.get("code") == GOOD_CODE:
            return self._answer(200, self.server.issue())
        if form.get("grant_type") == "refresh_token" and form.get("refresh_token") in self.server.refresh_tokens:
            self.server.refresh_tokens.discard(form["refresh_token"])  # Xero rotates refresh tokens
            return self._answer(200, self.server.issue())
        self._answer(400, {"error": "invalid_grant"})

    def _create(self):
        body = self._body()
        path = self.path.split("?")[0]
        collections = {
            "/api.xro/2.0/Invoices": ("Invoices", "InvoiceID", self.server.invoices),
            "/api.xro/2.0/PurchaseOrders": ("PurchaseOrders", "PurchaseOrderID", self.server.purchase_orders),
        }
        if path not in collections:
            return self._answer(404, {"Message": "not found"})
        if not self._bearer():
            return
        name, id_field, created = collections[path]
        key = self.headers.get("Idempotency-Key", "")
        with self.server.lock:
            self.server.calls.append(path)
            if key and key in self.server.answers:
                return self._answer(*self.server.answers[key])
            invoice = json.loads(body)[name][0]
            if invoice.get("Contact", {}).get("Name") == REFUSED_CONTACT:
                answer = (
                    400,
                    {
                        "ErrorNumber": 10,
                        "Type": "ValidationException",
                        "Message": "A validation exception occurred",
                        "Elements": [{"ValidationErrors": [{"Message": "Account code '999' is not a valid code."}]}],
                    },
                )
            else:
                made = {**invoice, id_field: str(uuid.uuid4()), "HasErrors": False}
                created.append(made)
                answer = (200, {name: [made]})
            if key:
                self.server.answers[key] = answer
        self._answer(*answer)


def start():
    return serve(XeroStub())
