"""A local HTTP server speaking the part of QuickBooks Online's documented APIs the adapter uses:
Intuit's token endpoint (POST /oauth2/v1/tokens/bearer, authorization_code and refresh_token grants,
client in Basic auth; https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0)
and the Accounting API v3 under /v3/company/{realmId}/: GET companyinfo/{realmId}, the query
endpoint (GET ?query= or POST application/text: `select * from X where A = 'b' and C = true`), and
POST customer / vendor / item / invoice / bill / purchaseorder, with `requestid` idempotency and the
Fault shape."""

import base64
import json
import re
import threading
import uuid
from urllib.parse import parse_qs, urlparse

from dragonfly.testing.http_stub import JsonHandler, StubServer, serve

CLIENT_ID, CLIENT_SECRET = "qb-client", "qb-secret"
GOOD_CODE = "good-qb-code"
REALM = "9130357992221046"
REFUSED_CONTACT = "Refuse Me Ltd"
ENTITIES = {"customer": "Customer", "vendor": "Vendor", "item": "Item", "invoice": "Invoice", "bill": "Bill"}
ENTITIES["purchaseorder"] = "PurchaseOrder"
# What each transaction names its party by (a purchase order, like a bill, its vendor).
PARTY = {"Invoice": "CustomerRef", "Bill": "VendorRef", "PurchaseOrder": "VendorRef"}
ACCOUNTS = [
    {"Id": "1", "Name": "Sales of Services", "AcctNum": "4000", "AccountType": "Income", "Active": True},
    {"Id": "2", "Name": "Sales", "AcctNum": "200", "AccountType": "Income", "Active": True},
    {"Id": "3", "Name": "Cost of Sales", "AcctNum": "300", "AccountType": "Cost of Goods Sold", "Active": True},
    {"Id": "4", "Name": "Travel", "AccountType": "Expense", "Active": True},
]
QUERY = re.compile(
    r"\s*select \* from (\w+)\s*(?:where (.*?))?\s*"
    r"(?:orderby .*?)?(?:startposition \d+)?\s*(?:maxresults \d+)?\s*",
    re.I | re.S,
)
CONDITION = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\w+)", re.I)


class QuickBooksStub(StubServer):
    def __init__(self):
        super().__init__(Handler)
        self.tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.grants: list[str] = []
        self.records: dict[str, list[dict]] = {"Account": [dict(a) for a in ACCOUNTS]}
        self.answers: dict[str, tuple[int, dict]] = {}  # by requestid
        self.posts: list[str] = []  # the entity of every create call, in order
        self.next_id = 100
        self.down = False  # True: the v3 API answers 503 (an outage), the token endpoint still works
        self.lock = threading.Lock()

    def issue(self):
        with self.lock:
            access, refresh = f"access-{uuid.uuid4().hex}", f"refresh-{uuid.uuid4().hex}"
            self.tokens.add(access)
            self.refresh_tokens.add(refresh)
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": 3600,
            "x_refresh_token_expires_in": 8726400,
            "token_type": "bearer",
        }

    def of(self, entity):
        return self.records.setdefault(entity, [])


def _fault(message, detail, code, kind="ValidationFault"):
    return {"Fault": {"Error": [{"Message": message, "Detail": detail, "code": code}], "type": kind}}


class Handler(JsonHandler):
    server: QuickBooksStub

    def _bearer(self):
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if token in self.server.tokens:
            return True
        fault = _fault("message=AuthenticationFailed; errorCode=003200; statusCode=401", "Token expired", "3200")
        self._answer(401, {"fault": {"error": fault["Fault"]["Error"], "type": "AUTHENTICATION"}})
        return False

    def _route(self):
        """(realm, what, query) for /v3/company/{realm}/{what}?..., else None."""
        url = urlparse(self.path)
        if self.server.down and url.path.startswith("/v3/"):
            return "down", "", {}
        found = re.fullmatch(r"/v3/company/([^/]+)/(.+)", url.path)
        if not found:
            return None
        return found[1], found[2], {k: v[0] for k, v in parse_qs(url.query).items()}

    def do_GET(self):
        route = self._route()
        if route is None:
            return self._answer(404, {"error": "not found"})
        if not self._bearer():
            return
        realm, what, query = route
        if realm == "down":
            return self._unavailable()
        if realm != REALM:
            return self._answer(403, _fault("ApplicationAuthorizationFailed", "wrong realm", "003100", "SERVICE"))
        if what == f"companyinfo/{REALM}":
            return self._answer(200, {"CompanyInfo": {"Id": "1", "CompanyName": "Acme Books Inc"}})
        if what == "query":
            return self._query(query.get("query", ""))
        self._answer(404, _fault("Object Not Found", what, "610"))

    def do_POST(self):
        if urlparse(self.path).path == "/oauth2/v1/tokens/bearer":
            return self._token()
        body = self._body()
        route = self._route()
        if route is None:
            return self._answer(404, {"error": "not found"})
        if not self._bearer():
            return
        realm, what, query = route
        if realm == "down":
            return self._unavailable()
        if realm != REALM:
            return self._answer(403, _fault("ApplicationAuthorizationFailed", "wrong realm", "003100", "SERVICE"))
        if what == "query":
            return self._query(body.decode())
        if what not in ENTITIES:
            return self._answer(400, _fault("Unsupported Operation", what, "500"))
        with self.server.lock:
            self.server.posts.append(ENTITIES[what])
            key = query.get("requestid", "")
            if key and key in self.server.answers:
                return self._answer(*self.server.answers[key])
            answer = self._create(ENTITIES[what], json.loads(body))
            if key:
                self.server.answers[key] = answer
        self._answer(*answer)

    def _unavailable(self):
        data = b"<html><body>503 Service Unavailable</body></html>"
        self.send_response(503)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _token(self):
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        form = {k: v[0] for k, v in parse_qs(self._body().decode()).items()}
        if self.headers.get("Authorization") != expected:
            return self._answer(401, {"error": "invalid_client"})
        self.server.grants.append(form.get("grant_type", ""))
        if form.get("grant_type") == "authorization_code" and form.get("code") == GOOD_CODE:
            return self._answer(200, self.server.issue())
        if form.get("grant_type") == "refresh_token" and form.get("refresh_token") in self.server.refresh_tokens:
            self.server.refresh_tokens.discard(form["refresh_token"])
            return self._answer(200, self.server.issue())
        self._answer(400, {"error": "invalid_grant"})

    def _query(self, text):
        found = QUERY.fullmatch(text)
        if not found:
            return self._answer(400, _fault("QueryParserError", f"Encountered an error: {text}", "4000"))
        entity, where = found[1].capitalize(), found[2] or ""
        conditions = []
        for field, value in CONDITION.findall(where):
            if value.startswith("'"):
                conditions.append((field, value[1:-1].replace("\\'", "'")))
            else:
                conditions.append((field, value.lower() == "true" if value.lower() in ("true", "false") else value))
        with self.server.lock:
            rows = [r for r in self.server.of(entity) if all(r.get(f, True) == v for f, v in conditions)]
        result = {entity: rows, "startPosition": 1, "maxResults": len(rows)} if rows else {}
        self._answer(200, {"QueryResponse": result, "time": "2026-12-07T04:00:00.000-08:00"})

    def _create(self, entity, record):
        """One new record (the lock is held), or the Fault QuickBooks answers for it."""
        if entity in ("Customer", "Vendor"):
            names = {r["DisplayName"] for e in ("Customer", "Vendor") for r in self.server.of(e)}
            if record.get("DisplayName") in names:
                return 400, _fault("Duplicate Name Exists Error", "The name supplied already exists.", "6240")
        if entity in PARTY:
            ref = record.get(PARTY[entity]) or {}
            party = [r for e in ("Customer", "Vendor") for r in self.server.of(e) if r["Id"] == ref.get("value")]
            if not party:
                return 400, _fault("Invalid Reference Id", "Invalid Reference Id : Names element id", "2500")
            if party[0]["DisplayName"] == REFUSED_CONTACT:
                detail = "Business Validation Error: This customer's account is on hold."
                return 400, _fault("A business validation error has occurred", detail, "6000")
            total = 0.0
            for line in record.get("Line", []):
                detail = line.get(line.get("DetailType", ""), {})
                ref = detail.get("ItemRef") or detail.get("AccountRef") or {}
                pool = "Item" if "ItemRef" in detail else "Account"
                if not any(r["Id"] == ref.get("value") for r in self.server.of(pool)):
                    return 400, _fault("Invalid Reference Id", f"Invalid Reference Id : {pool}", "2500")
                total += float(line["Amount"])
            record["TotalAmt"] = round(total, 2)
        if entity == "Item" and not (record.get("IncomeAccountRef") or {}).get("value"):
            return 400, _fault("Required param missing", "IncomeAccountRef is required for a service item", "2020")
        self.server.next_id += 1
        made = {**record, "Id": str(self.server.next_id), "SyncToken": "0", "Active": True}
        self.server.of(entity).append(made)
        return 200, {entity: made, "time": "2026-12-07T04:00:00.000-08:00"}


def start():
    return serve(QuickBooksStub())
