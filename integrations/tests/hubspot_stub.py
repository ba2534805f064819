"""A local HTTP server speaking the part of HubSpot's documented CRM API the adapter uses
(https://developers.hubspot.com/docs/api/crm): objects v3 (GET/POST companies and contacts,
PATCH /crm/v3/objects/{type}/{id}, POST /crm/v3/objects/deals/search with a createdate GT filter and
`after` paging) and the v4 default association, with HubSpot's error shape; private app token
auth (Bearer)."""

import json
import re
import threading
from datetime import UTC, datetime

from dragonfly.testing.http_stub import JsonHandler, StubServer, serve

GOOD_TOKEN = "pat-eu1-11111111-2222-3333-4444-good5555"
OBJECT = re.compile(r"^/crm/v3/objects/(companies|contacts)(?:/(\d+))?$")
ASSOCIATE = re.compile(r"^/crm/v4/objects/contacts/(\d+)/associations/default/companies/(\d+)$")


def stamp(moment=None):
    return (moment or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class HubSpotStub(StubServer):
    def __init__(self):
        super().__init__(Handler)
        self.requests: list[tuple[str, str, dict]] = []
        self.objects: dict[str, dict[str, dict]] = {"companies": {}, "contacts": {}}
        self.associations: list[tuple[str, str]] = []
        self.deals: list[dict] = []
        self.next_id = 1000
        self.lock = threading.Lock()

    def add_deal(self, name, amount=None, closedate=None, created=None):
        with self.lock:
            self.next_id += 1
            created = created or datetime.now(UTC)
            props = {"dealname": name, "amount": amount, "closedate": closedate, "createdate": stamp(created)}
            self.deals.append({"id": str(self.next_id), "properties": props, "created": created})
            return str(self.next_id)


class Handler(JsonHandler):
    content_type = "application/json;charset=utf-8"
    server: HubSpotStub

    def _error(self, status, category, message):
        self._answer(status, {"status": "error", "message": message, "correlationId": "stub", "category": category})

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def _authorized(self):
        if self.headers.get("Authorization") == f"Bearer {GOOD_TOKEN}":
            return True
        self._error(
            401,
            "INVALID_AUTHENTICATION",
            "Authentication credentials not found. This API supports OAuth 2.0 authentication.",
        )
        return False

    def _object(self, object_id, properties):
        now = stamp()
        return {"id": object_id, "properties": properties, "createdAt": now, "updatedAt": now, "archived": False}

    def _handle(self, method):
        body = self._body() if method != "GET" else {}
        path = self.path.split("?", 1)[0]
        self.server.requests.append((method, path, body))
        if not self._authorized():
            return
        found = OBJECT.match(path)
        if found and method == "GET" and not found.group(2):
            return self._answer(200, {"results": []})
        if found and method == "POST" and not found.group(2):
            email = body["properties"].get("email")
            if found.group(1) == "contacts" and email:
                for known, props in self.server.objects["contacts"].items():
                    if props.get("email") == email:
                        message = f"Contact already exists. Existing ID: {known}"
                        return self._error(409, "CONFLICT", message)
            with self.server.lock:
                self.server.next_id += 1
                object_id = str(self.server.next_id)
            self.server.objects[found.group(1)][object_id] = dict(body["properties"])
            return self._answer(201, self._object(object_id, body["properties"]))
        if found and method == "PATCH" and found.group(2):
            stored = self.server.objects[found.group(1)].get(found.group(2))
            if stored is None:
                return self._error(404, "OBJECT_NOT_FOUND", "resource not found")
            stored.update(body["properties"])
            return self._answer(200, self._object(found.group(2), stored))
        associate = ASSOCIATE.match(path)
        if associate and method == "PUT":
            contact, company = associate.groups()
            if contact not in self.server.objects["contacts"] or company not in self.server.objects["companies"]:
                return self._error(404, "OBJECT_NOT_FOUND", "resource not found")
            if (contact, company) not in self.server.associations:
                self.server.associations.append((contact, company))
            now = stamp()
            return self._answer(
                200,
                {
                    "status": "COMPLETE",
                    "results": [
                        {
                            "from": {"id": contact},
                            "to": {"id": company},
                            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279},
                        }
                    ],
                    "startedAt": now,
                    "completedAt": now,
                },
            )
        if path == "/crm/v3/objects/deals/search" and method == "POST":
            return self._search(body)
        self._error(404, "OBJECT_NOT_FOUND", "resource not found")

    def _search(self, body):
        since = None
        for group in body.get("filterGroups", []):
            for rule in group.get("filters", []):
                if rule["propertyName"] == "createdate" and rule["operator"] == "GT":
                    since = int(rule["value"])
        rows = [d for d in self.server.deals if since is None or d["created"].timestamp() * 1000 > since]
        rows.sort(key=lambda d: d["created"])
        start = int(body.get("after") or 0)
        limit = int(body.get("limit") or 10)
        page = rows[start : start + limit]
        answer = {
            "total": len(rows),
            "results": [
                {**self._object(d["id"], d["properties"]), "createdAt": d["properties"]["createdate"]} for d in page
            ],
        }
        if start + limit < len(rows):
            answer["paging"] = {"next": {"after": str(start + limit)}}
        self._answer(200, answer)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PATCH(self):
        self._handle("PATCH")

    def do_PUT(self):
        self._handle("PUT")


def start():
    return serve(HubSpotStub())
