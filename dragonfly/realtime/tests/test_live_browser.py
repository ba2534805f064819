"""In Chromium, two reviewers on the review queue: what one does, the other sees without a reload.
Served by daphne (ASGI, WebSocket) in the test process; screenshots go to the artifacts directory."""

import pytest

from advancing.tests.helpers import S, make_advance
from dragonfly.tenancy.roles import Role
from dragonfly.testing.asgi import live_asgi_url
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import named, restore_migration_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_live(page):
    page.wait_for_selector("body[data-live-state=live]", timeout=10_000)


def test_reviewer_b_sees_a_new_submission_and_reviewer_as_approval_without_reloading(artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    dana = named(tenant.user(Role.GLADIATOR), "Dana", "Scully")
    bo = named(tenant.user(Role.AVIATOR), "Bo", "Reyes")  # approves too: the queue shows him checkboxes
    crew = tenant.user(Role.DEVIATOR)
    waiting = make_advance(tenant, S.SUBMITTED, submitter=crew, activation="Opening night")
    draft = make_advance(tenant, S.DRAFT, submitter=crew, activation="Second night")
    base = live_asgi_url()

    with chromium() as browser:
        a = logged_in_page(browser, base, dana, PASSWORD)
        b = logged_in_page(browser, base, bo, PASSWORD)
        for page in (a, b):
            page.goto(f"{base}/advancing/queue/")
            wait_live(page)
        b.evaluate("window.__notReloaded = true")
        assert b.locator("tr[data-advance]").count() == 1

        # The crew submits the second night: it appears in both open queues.
        submitter = logged_in_page(browser, base, crew, PASSWORD)
        submitter.goto(f"{base}/advancing/{draft.pk}/")
        token = next(c["value"] for c in submitter.context.cookies() if c["name"] == "csrftoken")
        answer = submitter.request.post(
            f"{base}/advancing/{draft.pk}/submit/", headers={"X-CSRFToken": token, "Referer": f"{base}/"}
        )
        assert answer.ok
        for page in (a, b):
            page.wait_for_selector(f'tr[data-advance="{draft.pk}"]')
        submitter.goto(f"{base}/advancing/{waiting.pk}/")  # the crew watches their first advance's page
        wait_live(submitter)
        assert submitter.inner_text("[data-testid=status]") == "Submitted"

        # Dana approves the first one on its page; Bo's queue marks the row and disables it.
        a.goto(f"{base}/advancing/{waiting.pk}/")
        wait_live(a)
        # Both on the advance's page: each sees the other is there.
        submitter.locator("[data-testid=presence]", has_text="Dana Scully").wait_for()
        assert submitter.inner_text("[data-testid=presence]") == "Reviewing this advance now: Dana Scully"
        a.locator("[data-testid=presence]", has_text=crew.username).wait_for()
        assert "Also looking at this advance now" in a.inner_text("[data-testid=presence]")
        screenshot(submitter, f"{artifacts_dir}/live-advance-presence-desktop.png")
        click_and_wait(a, a.locator("#approve-form").get_by_role("button", name="Approve"))
        row = b.locator(f'tr[data-advance="{waiting.pk}"]')
        row.locator(".live-note").wait_for()
        assert row.locator(".live-note").inner_text() == "approved by Dana Scully just now"
        assert row.locator("input[name=ids]").is_disabled()
        assert row.locator("[data-status] .badge").inner_text() == "Approved"
        assert b.evaluate("window.__notReloaded") is True
        submitter.locator("[data-testid=status].approved").wait_for()  # the crew's open page too
        assert submitter.inner_text("[data-testid=status]") == "Approved"
        assert b.locator(f'tr[data-advance="{draft.pk}"] .live-note').count() == 0  # still waiting, unmarked
        screenshot(b, f"{artifacts_dir}/live-queue-desktop.png")
        b.set_viewport_size(PHONE)
        assert no_horizontal_scroll(b)
        screenshot(b, f"{artifacts_dir}/live-queue-phone.png")


def test_a_cue_given_its_go_reaches_every_open_run_of_show_page(artifacts_dir):
    from events.services import add_cue, call_cue
    from productions.tests.helpers import make_event

    restore_migration_data()
    tenant = Tenant("Northwind")
    manager = tenant.user(Role.GLADIATOR)
    show = make_event(tenant, "Aurora Berlin")
    support = add_cue(show, actor=manager, item="Support act", duration="30")
    add_cue(show, actor=manager, item="Headliner", duration="90")
    call_cue(support, actor=manager, to_status="standby")
    base = live_asgi_url()
    url = f"{base}/events/event/{show.pk}/run-of-show/live/"

    with chromium() as browser:
        caller = logged_in_page(browser, base, manager, PASSWORD)
        watchers = [
            logged_in_page(browser, base, tenant.user(Role.PASSENGER), PASSWORD),
            logged_in_page(browser, base, tenant.user(Role.NAVIGATOR), PASSWORD, viewport=PHONE),
        ]
        for page in (caller, *watchers):
            page.goto(url)
            wait_live(page)
        for page in watchers:
            assert page.locator("[data-testid=current-cue]").count() == 0
            page.evaluate("window.__notReloaded = true")
        click_and_wait(caller, "[data-testid=call-go]")
        for page in watchers:
            page.locator("[data-testid=current-cue]").wait_for(timeout=5_000)  # well inside the old 15 s poll
            assert "Support act" in page.inner_text("[data-testid=current-cue]")
            assert page.evaluate("window.__notReloaded") is True
        screenshot(watchers[1], f"{artifacts_dir}/live-run-of-show-phone.png")
