"""End to end in Chromium: a crew member on a phone builds an advance from the catalog and
submits it; an ops reviewer on a laptop approves one line partially with a note; the crew
member sees the notification and records deliveries until the advance is fulfilled.

Screenshots of every screen go to the artifacts directory (`ARTIFACTS_DIR`, default ./artifacts).
"""

import os
import re
import threading
import time

import pytest
from django.contrib.auth.models import Group, Permission
from guardian.shortcuts import assign_perm

from advancing.catalog import load_catalog
from advancing.models import Advance, AdvanceStatus
from dragonfly.tenancy.roles import Role, role_grants
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from productions.models import Production

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def restore_migration_data():
    """A fallback for runs without the serialized copy (e.g. --reuse-db): the role groups'
    default permissions, from roles.py (their one source), and the catalog. Idempotent."""
    permissions = list(Permission.objects.select_related("content_type"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = [p for p in permissions if role_grants(role, f"{p.content_type.app_label}.{p.codename}")]
        group.permissions.add(*wanted)
    load_catalog()


class Shots:
    def __init__(self, directory):
        self.directory = directory
        self.n = 0

    def __call__(self, page, name):
        self.n += 1
        page.screenshot(path=os.path.join(self.directory, f"advancing-{self.n:02d}-{name}.png"), full_page=True)


def test_crew_submits_ops_approves_partially_crew_fulfils(live_server, transactional_db, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    Production.objects.create(workspace=tenant.workspace, name="Aurora — Madison Square Garden")
    raider, gladiator = tenant.user(Role.RAIDER), tenant.user(Role.GLADIATOR)
    raider.first_name, raider.last_name = "Riley", "Chen"
    raider.save()
    shot = Shots(artifacts_dir)
    base = live_server.url

    with chromium() as browser:
        crew = browser.new_page(viewport=PHONE)
        crew.set_default_timeout(10_000)

        # --- the crew member logs in on a phone and opens Advancing -----------------------
        crew.goto(f"{base}/accounts/login/")
        shot(crew, "crew-login")
        log_in(crew, base, raider.username, PASSWORD)
        crew.goto(f"{base}/advancing/")
        assert crew.locator("h1").inner_text() == "My advances"
        shot(crew, "crew-my-advances-empty")
        assert no_horizontal_scroll(crew)

        # --- builds an advance from the catalog search ------------------------------------
        crew.get_by_role("link", name="+ New advance").click()
        crew.wait_for_url(re.compile(r"/advancing/w/.+/new/$"))
        crew.select_option("#id_production", label="Aurora — Madison Square Garden")
        crew.fill("#id_team_workspace", "Main stage crew")
        crew.fill("#id_activation_name", "Opening night")
        crew.locator("#catalog-q").press_sequentially("line array", delay=40)
        result = crew.locator("#picker-results [data-pick]", has_text="Line Array PA System").first
        result.wait_for()
        shot(crew, "crew-catalog-search")
        assert no_horizontal_scroll(crew)
        result.click()
        pa_line = crew.locator("#lines [data-line]").nth(0)
        assert pa_line.locator("[name$='-name']").input_value() == "Line Array PA System"
        assert pa_line.locator("[name$='-unit']").input_value() == "Per Unit/Day"
        pa_line.locator("[name$='-quantity']").fill("2")
        pa_line.locator("[name$='-unit_cost']").fill("1500")

        crew.get_by_role("button", name="+ Add custom line").click()
        hands = crew.locator("#lines [data-line]").nth(1)
        hands.locator("[name$='-name']").fill("Stagehands")
        hands.locator("[name$='-unit']").fill("Per Person")
        hands.locator("[name$='-quantity']").fill("4")
        hands.locator("[name$='-unit_cost']").fill("250")
        assert crew.locator("#estimated-total").inner_text() == "USD 4,000.00"
        shot(crew, "crew-advance-form")
        assert no_horizontal_scroll(crew)

        crew.get_by_role("button", name="Submit", exact=True).click()
        crew.wait_for_url(re.compile(r"/advancing/\d+/$"))
        advance = Advance.objects.get(submitter=raider)
        assert advance.status == AdvanceStatus.SUBMITTED
        assert crew.locator("[data-testid=status]").inner_text() == "Submitted"
        assert "USD 4,000.00" in crew.content()
        shot(crew, "crew-submitted")
        assert no_horizontal_scroll(crew)

        # --- an ops reviewer on a laptop works the queue ----------------------------------
        ops = browser.new_page(viewport=DESKTOP)
        ops.set_default_timeout(10_000)
        log_in(ops, base, gladiator.username, PASSWORD)
        ops.goto(f"{base}/advancing/queue/")
        row = ops.locator("table.queue-table tbody tr", has_text=f"#{advance.pk} Opening night")
        assert row.count() == 1
        assert "Medium" in row.inner_text() and "Riley Chen" in row.inner_text()
        assert ops.locator("nav.modules .count").inner_text() == "1"  # waiting for review
        shot(ops, "ops-queue")
        # filter by priority: the advance (4,000.00) is Medium, not High
        ops.locator("details.filter-card summary").click()
        ops.select_option("#id_priority", "high")
        ops.get_by_role("button", name="Apply").click()
        ops.wait_for_url(re.compile(r"priority=high"))
        assert "Nothing matches these filters" in ops.content()
        ops.select_option("#id_priority", "medium")
        ops.get_by_role("button", name="Apply").click()
        ops.wait_for_url(re.compile(r"priority=medium"))
        shot(ops, "ops-queue-filtered")
        row = ops.locator("table.queue-table tbody tr", has_text=f"#{advance.pk} Opening night")
        row.get_by_role("link").first.click()
        ops.wait_for_url(re.compile(rf"/advancing/{advance.pk}/$"))
        pa, stagehands = advance.items.order_by("position")
        ops.fill(f"#id_qty_{pa.pk}", "1")
        ops.fill("#approve-form textarea[name=note]", "One PA hang only: the venue has house sound for the delays.")
        shot(ops, "ops-review-panel")
        click_and_wait(ops, ops.locator("#approve-form").get_by_role("button", name="Approve"))
        assert ops.locator("[data-testid=status]").inner_text() == "Approved"
        assert "Partially approved" in ops.content()
        shot(ops, "ops-approved")
        ops.close()
        advance.refresh_from_db()
        assert advance.status == AdvanceStatus.APPROVED and advance.approved_cost == 2500

        # --- the crew member sees the notification ----------------------------------------
        crew.goto(f"{base}/advancing/")
        assert crew.locator("[data-testid=unread-count]").inner_text() == "1"
        shot(crew, "crew-bell")
        crew.locator("a.bell").click()
        crew.wait_for_url(re.compile(r"/notifications/$"))
        notice = crew.locator(".list-item.unread").first
        assert f"#{advance.pk}" in notice.inner_text() and "approved" in notice.inner_text()
        shot(crew, "crew-notifications")
        notice.get_by_role("link").first.click()
        crew.wait_for_url(re.compile(rf"/advancing/{advance.pk}/$"))
        assert "Partially approved" in crew.content()
        assert "One PA hang only" in crew.content()
        shot(crew, "crew-sees-partial-approval")
        assert no_horizontal_scroll(crew)

        # --- and records deliveries until the advance is fulfilled --------------------------
        # A Raider records fulfilment on the advances the production office lets them
        # (an object grant, django-guardian's model); a Deviator could without one.
        assign_perm("advancing.fulfil_advance", raider, advance)
        crew.reload()
        panel = crew.locator("#fulfilment")
        panel.wait_for()
        shot(crew, "crew-fulfilment-panel")
        assert no_horizontal_scroll(crew)

        def record(item, quantity, note):
            form = crew.locator(f"form[action$='/items/{item.pk}/fulfil/']")
            form.locator("[name$='-quantity_fulfilled']").fill(quantity)
            form.locator("[name$='-notes']").fill(note)
            click_and_wait(crew, form.get_by_role("button", name="Record"))

        record(stagehands, "2", "Two on site at 08:00")
        assert crew.locator("[data-testid=status]").inner_text() == "In progress"
        record(stagehands, "4", "The other two at 10:00")
        # more than was approved is refused and says so
        record(pa, "2", "Trying to log two hangs")
        assert "Only 1 were approved" in crew.content()
        shot(crew, "crew-overfulfil-refused")
        record(pa, "1", "Flown and tested at 14:00")
        assert crew.locator("[data-testid=status]").inner_text() == "Fulfilled"
        shot(crew, "crew-fulfilled")
        assert no_horizontal_scroll(crew)
        advance.refresh_from_db()
        assert advance.status == AdvanceStatus.FULFILLED
        assert advance.actual_cost == 2500

        # the history tells the whole story
        history = crew.locator("ol.timeline").inner_text()
        for step in (
            "Draft → Submitted",
            "Submitted → Approved",
            "Approved → In progress",
            "In progress → Fulfilled",
        ):
            assert step in history, step

        # the catalog browse page on the phone
        crew.goto(f"{base}/advancing/catalog/")
        crew.locator("#catalog-search-input").press_sequentially("forklift", delay=30)
        crew.wait_for_url(re.compile(r"search=forklift"))
        shot(crew, "crew-catalog")
        assert no_horizontal_scroll(crew)
        crew.close()
    wait_for_request_threads()


def wait_for_request_threads(timeout=5.0):
    """The live server closes a request thread's database connection when the browser drops the
    socket; wait for that, so PostgreSQL can drop the test database afterwards."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any("process_request_thread" in t.name for t in threading.enumerate()):
            return
        time.sleep(0.05)
