"""The load scenario (issue 21, item 6): crew submitting advances and recording fulfilment, reviewers
working the queue, people opening the home page and their notifications (there is no dashboard or
global search yet: the home page and the catalog search stand in), calendar apps pulling ICS feeds,
and API clients reading lists with a token. People pause 3–8 s between actions (calendar apps
5–15 s, API clients 1–3 s).

Run by bench/load.py, which prepares the accounts (ACCOUNTS_FILE: sessions and API tokens made in
the bench database, so no user pays a password hash per login) and reads the CSV stats. By hand:

    ACCOUNTS_FILE=/tmp/accounts.json locust -f bench/locustfile.py --headless -u 50 -r 10 -t 45s \
        --host http://127.0.0.1:8411

A 409 on approve or fulfil (another reviewer or crew member moved the advance first) is the
product's answer to a race, not a failure; it is counted as a success under its own name."""

import itertools
import json
import os
import random
import string

from locust import HttpUser, between, constant, task

with open(os.environ.get("ACCOUNTS_FILE", "/tmp/dragonfly-load/accounts.json")) as _file:  # nosec B108 # bench only
    ACCOUNTS = json.load(_file)
_next = {kind: itertools.count() for kind in ACCOUNTS["users"]}
# LOCUST_NO_WAIT=1: nobody pauses between requests, so the users measure what the server can do
# (bench/load.py's 1 vs 2 web processes), not how often people click.
NO_WAIT = os.environ.get("LOCUST_NO_WAIT") == "1"
SEARCHES = ["truss", "radio", "forklift", "hotel", "generator", "barrier", "stage", "crew"]


def think(low, high):
    return constant(0) if NO_WAIT else between(low, high)


def account(kind):
    accounts = ACCOUNTS["users"][kind]
    return accounts[next(_next[kind]) % len(accounts)]


class Signed(HttpUser):
    abstract = True
    kind = ""

    signed_in = True  # a person in a browser: session cookie (and so Django's CSRF check on writes)

    def on_start(self):
        self.me = account(self.kind)
        self.api = {"Authorization": f"Bearer {self.me['token']}", "Accept": "application/json"}
        if self.signed_in:
            self.client.cookies.set("sessionid", self.me["session"])
            # The page's JavaScript sends the CSRF cookie back as a header, as the browser would.
            secret = "".join(random.choices(string.ascii_letters + string.digits, k=32))
            self.client.cookies.set("csrftoken", secret)
            self.api["X-CSRFToken"] = secret

    def page(self, url, name):
        self.client.get(url, name=name)

    def decision(self, url, body, name):
        with self.client.post(url, json=body, headers=self.api, name=name, catch_response=True) as response:
            if response.status_code == 409:
                response.success()  # the advance moved under us: the answer to a race
                response.request_meta["name"] = f"{name} (409 moved)"


class Crew(Signed):
    """A crew lead on site: submits advances, records what arrived, glances at the home page."""

    kind = "crew"
    weight = 4
    wait_time = think(3, 8)

    @task(3)
    def submit_advance(self):
        lines = random.sample(ACCOUNTS["catalog"], 2)
        body = {
            "workspace_id": self.me["workspace"],
            "activation_name": f"Load-in {random.randint(1, 999)}",
            "team_workspace": "Stage",
            "items": [
                {"catalog_item_id": ref, "quantity": random.randint(1, 8), "unit_cost": "120.00"} for ref in lines
            ],
        }
        response = self.client.post("/api/advancing", json=body, headers=self.api, name="POST /api/advancing")
        if response.status_code == 201:
            pk = response.json()["id"]
            self.client.patch(
                f"/api/advancing/{pk}",
                json={"action": "submit"},
                headers=self.api,
                name="PATCH /api/advancing/[id] submit",
            )

    @task(2)
    def record_fulfilment(self):
        listing = self.client.get(
            "/api/advancing?status=approved&status=in_progress&limit=10", headers=self.api, name="GET /api/advancing"
        )
        rows = listing.json().get("results", []) if listing.status_code == 200 else []
        if not rows:
            return
        advance = random.choice(rows)
        detail = self.client.get(f"/api/advancing/{advance['id']}", headers=self.api, name="GET /api/advancing/[id]")
        if detail.status_code != 200:
            return
        open_lines = [i for i in detail.json()["items"] if i["fulfillment_status"] != "complete"]
        if open_lines:
            line = random.choice(open_lines)
            body = {"item_id": line["id"], "quantity_fulfilled": line.get("approved_quantity") or line["quantity"]}
            self.decision(f"/api/advancing/{advance['id']}/fulfill", body, "POST /api/advancing/[id]/fulfill")

    @task(2)
    def home(self):
        self.page("/", "GET / (home)")

    @task(1)
    def my_advances(self):
        self.page("/advancing/", "GET /advancing/")


class Reviewer(Signed):
    """An ops reviewer working the queue: the page, the API list, approving the oldest."""

    kind = "reviewers"
    weight = 2
    wait_time = think(3, 8)

    @task(3)
    def queue_page(self):
        self.page("/advancing/queue/", "GET /advancing/queue/")

    @task(3)
    def approve_one(self):
        listing = self.client.get("/api/advances?status=submitted&limit=20", headers=self.api, name="GET /api/advances")
        rows = listing.json().get("results", []) if listing.status_code == 200 else []
        if rows:
            pk = random.choice(rows)["id"]
            self.decision(f"/api/advances/{pk}/approve", {"reviewer_notes": "ok"}, "POST /api/advances/[id]/approve")

    @task(1)
    def notifications(self):
        self.page("/notifications/", "GET /notifications/")


class Browser(Signed):
    """Someone opening the app between other work: home (the dashboard stand-in), catalog search
    (the global search stand-in), notifications."""

    kind = "crew"
    weight = 2
    wait_time = think(3, 8)

    @task(3)
    def home(self):
        self.page("/", "GET / (home)")

    @task(2)
    def search(self):
        term = random.choice(SEARCHES)
        self.client.get(
            f"/api/advancing/catalog?search={term}", headers=self.api, name="GET /api/advancing/catalog?search"
        )

    @task(1)
    def notifications(self):
        self.page("/notifications/", "GET /notifications/")


class Calendar(Signed):
    """A calendar app polling a person's ICS feed with its secret token."""

    kind = "crew"
    weight = 1
    wait_time = think(5, 15)

    @task
    def feed(self):
        self.client.get(f"/events/feed.ics?token={self.me['feed_token']}", name="GET /events/feed.ics")


class ApiClient(Signed):
    """An integration reading lists with a token, faster than a person."""

    kind = "reviewers"
    weight = 1
    wait_time = think(1, 3)
    signed_in = False  # a token, no session

    @task(2)
    def review_queue(self):
        self.client.get("/api/advances?limit=50", headers=self.api, name="GET /api/advances")

    @task(1)
    def catalog(self):
        self.client.get("/api/advancing/catalog?limit=50", headers=self.api, name="GET /api/advancing/catalog")
