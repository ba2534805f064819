"""The Content-Security-Policy holds in a real browser: no inline script or style anywhere.

A demo user opens the main pages in Chromium; the test listens for the browser's own CSP violation
events and console errors, and fails on any. Screenshots go to artifacts/ (csp-*.png) to look at.
"""

import datetime
import io
import os

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from advancing.models import Advance
from demo.management.commands.seed_demo import DEMO_PASSWORD
from dragonfly.testing.browser import DESKTOP, chromium, log_in
from events.models import Event
from events.services.run_of_show import add_cue
from finance.models import Budget
from productions.models import Production

HOURS = datetime.timedelta(hours=1)
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded in the page before any of its own scripts run.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var where = e.sourceFile + ":" + e.lineNumber;
  window.__csp.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline") + " at " + where);
});
"""
WAIT_FOR_VIOLATION = """new Promise(function (done) {
  (function check() { window.__csp.length ? done(window.__csp[0]) : setTimeout(check, 20); })();
})"""


def show_with_cues(workspace, gladiator):
    """The demo has no event yet: one tonight with a few cues, for the run-of-show pages' scripts."""
    start = timezone.now() - datetime.timedelta(minutes=30)
    event = Event.objects.create(workspace=workspace, title="CSP night", starts_at=start, ends_at=start + HOURS * 3)
    for item, minutes in (("Doors", "30"), ("Support", "45"), ("Headliner", "90")):
        add_cue(event, actor=gladiator, item=item, duration=minutes)
    return event


def main_pages():
    gladiator = User.objects.get(username="northstar-gladiator")
    advance = Advance.objects.visible_to(gladiator).select_related("workspace__organization").first()
    production = Production.objects.visible_to(gladiator).filter(workspace=advance.workspace).first()
    event = show_with_cues(advance.workspace, gladiator)
    budget = Budget.objects.visible_to(gladiator).first()
    ws = f"w/{advance.workspace.organization.slug}/{advance.workspace.slug}/"
    return {
        "home": "/",
        "advancing-queue": "/advancing/queue/",
        "advance-new": f"/advancing/{ws}new/",
        "advance": f"/advancing/{advance.pk}/",
        "production": f"/productions/{production.pk}/",
        "production-board": f"/productions/{production.pk}/board/",
        "finance": "/finance/",
        "budget": f"/finance/budget/{budget.pk}/" if budget else "/finance/",
        "assets": "/assets/",
        "assets-utilization": f"/assets/{ws}utilization/",
        "people": "/people/",
        "events": "/events/",
        "run-of-show": f"/events/event/{event.pk}/run-of-show/",
        "run-of-show-live": f"/events/event/{event.pk}/run-of-show/live/",
        "api-docs": "/api/docs/",
    }


def test_the_main_pages_run_under_the_policy_without_a_violation(live_server, artifacts_dir):
    call_command("seed_demo", stdout=io.StringIO())
    pages = main_pages()
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.add_init_script(LISTEN)
        console = []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: console.append(f"page error: {e}"))

        response = page.goto(f"{live_server.url}/admin/login/")
        headers = {"admin-login": response.headers.get("content-security-policy", "")}
        violations = {"admin-login": page.evaluate("window.__csp")}
        log_in(page, live_server.url, "northstar-gladiator", DEMO_PASSWORD)
        for name, url in pages.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, (name, url, response.status)
            headers[name] = response.headers.get("content-security-policy", "")
            page.wait_for_load_state("networkidle")
            violations[name] = page.evaluate("window.__csp")
            if name in ("finance", "budget", "assets-utilization", "advance-new", "production"):
                page.screenshot(path=os.path.join(artifacts_dir, f"csp-{name}.png"), full_page=True)
        # The listener does hear a violation: markup with an inline style, as an injection would add.
        errors = [text for text in console if "Content Security Policy" in text or "page error" in text]
        page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')""")
        heard = page.evaluate(WAIT_FOR_VIOLATION)  # (not wait_for_function: it evals, which the CSP forbids)
        assert heard.startswith("style-src-attr blocked inline"), heard
        page.close()

    for header in headers.values():
        assert_strict(header)
    assert {name: v for name, v in violations.items() if v} == {}
    assert errors == []


def assert_strict(header):
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip())
    assert "'self'" in directives.get("script-src", ""), header
    assert "'self'" in directives.get("style-src", ""), header
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, header
    assert directives.get("object-src") == "'none'" and directives.get("frame-ancestors") == "'none'", header
