"""Offline on a phone, in Chromium at 375 px: the service worker registers; with the network gone a
crew member submits a new advance and records what arrived, the page says both are saved on the
phone and the header counts them; back online each is sent once (one advance, one fulfilment); a page
never opened shows the offline page, one opened before its kept copy. A POST that dies on the network
while the browser believes it is online is queued by the service worker and sent once later; a fulfilment
queued on figures a colleague changed meanwhile is refused and kept with who recorded what.

Screenshots go to the artifacts directory (`ARTIFACTS_DIR`, default ./artifacts)."""

import os
import re
from decimal import Decimal

import pytest

from advancing import services
from advancing.models import Advance
from advancing.tests.helpers import S, history, make_advance, named
from advancing.tests.test_e2e_browser import restore_migration_data
from dragonfly.core.models import SubmissionKey
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, log_in, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until(page, check, timeout=10_000):
    """Poll a database condition while the browser works (the live server runs in this process)."""
    waited = 0
    while not check():
        if waited >= timeout:
            raise AssertionError("timed out waiting for the server to see it")
        page.wait_for_timeout(200)
        waited += 200


def test_a_crew_member_submits_and_records_offline_and_each_is_sent_once(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    crew = tenant.user(Role.DEVIATOR)
    approved = make_advance(tenant, submitter=crew, activation="Festival day 1")
    services.submit_advance(approved, actor=crew)
    services.approve_advance(approved, actor=tenant.user(Role.GLADIATOR))
    hands = approved.items.order_by("position").first()
    base = live_server.url
    new_url = f"{base}/advancing/w/{tenant.org.slug}/{tenant.workspace.slug}/new/"
    detail_url = f"{base}/advancing/{approved.pk}/"

    with chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, base, crew.username, PASSWORD)

        # --- the service worker registers and takes the pages ----------------------------------------
        page.goto(detail_url)
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")
        page.goto(new_url)  # opened once online: the worker keeps a copy
        assert page.locator("[data-offline-queue]").is_hidden()

        # --- no network: the new advance is saved on the phone ------------------------------------------
        context.set_offline(True)
        page.fill("#id_activation_name", "Load-in from the field")
        page.click("[data-add-line]")
        line = page.locator("#lines [data-line]").last
        line.locator("[name$='-name']").fill("Gaffer tape")
        line.locator("[name$='-quantity']").fill("3")
        line.locator("[name$='-unit_cost']").fill("12.50")
        page.click("button[name=intent][value=submit]")
        notice = page.get_by_test_id("offline-notice").last
        notice.wait_for()
        assert "Saved on this phone — it will be sent when you're back online." in notice.inner_text()
        badge = page.locator("[data-offline-queue]")
        badge.wait_for(state="visible")
        assert badge.locator("[data-offline-count]").inner_text() == "1"
        page.click("button[name=intent][value=submit]")  # pressed again, unchanged: it waits already
        page.wait_for_timeout(300)
        assert badge.locator("[data-offline-count]").inner_text() == "1"
        assert no_horizontal_scroll(page)
        screenshot(page, os.path.join(artifacts_dir, "offline-01-advance-queued-375.png"))
        badge.click()  # the list of what waits
        page.get_by_test_id("offline-item").first.wait_for()
        assert page.get_by_test_id("offline-item").count() == 1
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.path.join(artifacts_dir, "offline-02-outbox-375.png"))
        assert not Advance.objects.filter(activation_name="Load-in from the field").exists()

        # --- back online: sent once --------------------------------------------------------------------------
        context.set_offline(False)
        badge.wait_for(state="hidden")
        page.get_by_test_id("offline-notice").filter(has_text="Sent what waited on this phone: 1.").wait_for()
        made = Advance.objects.filter(activation_name="Load-in from the field")
        assert made.count() == 1 and made.get().status == "submitted"
        page.reload()  # a page load sends what waits again: nothing does
        page.wait_for_timeout(500)
        assert made.count() == 1 and SubmissionKey.objects.filter(user=crew).count() == 1

        # --- recording what arrived, offline -----------------------------------------------------------------
        page.goto(detail_url)
        context.set_offline(True)
        page.fill(f"#id_line-{hands.pk}-quantity_fulfilled", "2")
        page.fill(f"#id_line-{hands.pk}-notes", "Two arrived at the dock")
        page.locator(f"#line-{hands.pk} button[type=submit]").click()
        page.get_by_test_id("offline-notice").last.wait_for()
        badge.wait_for(state="visible")
        assert badge.locator("[data-offline-count]").inner_text() == "1"
        screenshot(page, os.path.join(artifacts_dir, "offline-03-fulfilment-queued-375.png"))
        hands.refresh_from_db()
        assert hands.quantity_fulfilled == 0

        # --- a page never opened shows the offline page; one opened before, its copy ---------------------
        page.goto(f"{base}/people/")
        page.get_by_test_id("offline-page").wait_for()
        assert "You are offline" in page.inner_text("h1")
        screenshot(page, os.path.join(artifacts_dir, "offline-04-offline-page-375.png"))
        page.set_viewport_size(DESKTOP)
        screenshot(page, os.path.join(artifacts_dir, "offline-05-offline-page-1280.png"))
        page.set_viewport_size(PHONE)
        page.goto(new_url)
        assert page.locator("h1").inner_text() == "New advance"

        # --- back online: recorded once ------------------------------------------------------------------
        context.set_offline(False)
        page.goto(detail_url)
        badge.wait_for(state="hidden")
        wait_until(page, lambda: approved.items.get(pk=hands.pk).quantity_fulfilled == Decimal("2"))
        recorded = [e for e in history(approved) if e.verb == "advance.fulfilment_recorded"]
        assert len(recorded) == 1
        page.reload()
        assert re.search(r"2(\.00)? of", page.locator(f"#line-{hands.pk}").inner_text())
        context.close()


def test_a_stale_edit_replayed_later_is_kept_with_the_conflict_message_until_discarded(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    crew = tenant.user(Role.DEVIATOR)
    draft = make_advance(tenant, submitter=crew, activation="Opening night")
    base = live_server.url

    with chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, base, crew.username, PASSWORD)
        page.goto(f"{base}/advancing/{draft.pk}/edit/")
        page.wait_for_function("navigator.serviceWorker.controller !== null")

        context.set_offline(True)
        page.fill("#id_activation_name", "From the phone")
        page.click("button[name=intent][value=draft]")
        page.get_by_test_id("offline-notice").last.wait_for()
        # meanwhile the draft is changed from a laptop
        services.update_draft(draft, actor=crew, activation_name="From the laptop")

        context.set_offline(False)
        page.get_by_test_id("offline-notice").filter(has_text="was refused").wait_for()
        badge = page.locator("[data-offline-queue]")
        assert badge.locator("[data-offline-count]").inner_text() == "1"  # kept, not lost
        badge.click()
        why = page.get_by_test_id("offline-error")
        why.wait_for()
        assert "changed this advance after you opened it" in why.inner_text()
        assert "Reload (discard my changes)" not in why.inner_text()  # the sentence, not the whole box
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.path.join(artifacts_dir, "offline-06-refused-375.png"))
        draft.refresh_from_db()
        assert draft.activation_name == "From the laptop"  # not applied blindly

        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_test_id("offline-item").get_by_role("button", name="Discard").click()
        badge.wait_for(state="hidden")
        assert page.get_by_test_id("offline-item").count() == 0
        context.close()


def test_a_post_lost_on_the_network_while_online_is_queued_by_the_worker_and_sent_once(live_server, artifacts_dir):
    """The phone believes it is online, but the fulfilment's POST dies on the network: the service worker
    (not offline.js) puts it in the outbox, the header counts it, and once the network works it arrives
    exactly once. Then a record queued on figures someone else has changed since is refused and kept."""
    restore_migration_data()
    tenant = Tenant("Acme")
    crew = named(tenant.user(Role.DEVIATOR), "Otto", "Offline")
    colleague = named(tenant.user(Role.NAVIGATOR), "Nora", "Online")
    approved = make_advance(tenant, S.APPROVED, submitter=crew, activation="Festival day 2")
    hands = approved.items.order_by("position").first()
    base = live_server.url
    detail_url = f"{base}/advancing/{approved.pk}/"
    lost = []

    def network_error(route):  # the POST never reaches the server; anything else does
        if route.request.method == "POST":
            lost.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    with chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, base, crew.username, PASSWORD)
        page.goto(detail_url)
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.reload()  # this page now goes through the worker

        # --- the network drops the POST while the browser believes it is online -------------------
        fulfil_path = f"**/advancing/{approved.pk}/items/{hands.pk}/fulfil/"
        context.route(fulfil_path, network_error)
        assert page.evaluate("navigator.onLine") is True
        page.fill(f"#id_line-{hands.pk}-quantity_fulfilled", "2")
        page.locator(f"#line-{hands.pk} button[type=submit]").click()
        page.get_by_test_id("offline-notice").filter(has_text="Saved on this phone").wait_for()
        badge = page.locator("[data-offline-queue]")
        badge.wait_for(state="visible")
        assert badge.locator("[data-offline-count]").inner_text() == "1"
        assert lost  # the worker's own POST was the one that failed
        assert page.evaluate("location.hash") == ""  # #offline-saved was read and taken off
        assert no_horizontal_scroll(page)
        screenshot(page, os.path.join(artifacts_dir, "offline-07-worker-queued-375.png"))
        assert approved.items.get(pk=hands.pk).quantity_fulfilled == 0
        assert not SubmissionKey.objects.filter(user=crew).exists()

        # --- the network works again: a page load sends it, once ---------------------------------------
        context.unroute(fulfil_path)
        page.reload()
        badge.wait_for(state="hidden")
        wait_until(page, lambda: approved.items.get(pk=hands.pk).quantity_fulfilled == Decimal("2"))
        page.reload()  # nothing waits any more: nothing is sent again
        page.wait_for_timeout(500)
        assert len([e for e in history(approved) if e.verb == "advance.fulfilment_recorded"]) == 1
        assert SubmissionKey.objects.filter(user=crew).count() == 1

        # --- queued on figures a colleague changes meanwhile: refused, kept with who did what ---------------
        services.record_fulfilment(approved, actor=colleague, item_id=hands.pk, quantity_fulfilled="3")
        context.set_offline(True)
        page.fill(f"#id_line-{hands.pk}-quantity_fulfilled", "4")
        page.locator(f"#line-{hands.pk} button[type=submit]").click()
        page.get_by_test_id("offline-notice").last.wait_for()
        context.set_offline(False)
        page.get_by_test_id("offline-notice").filter(has_text="was refused").wait_for()
        assert badge.locator("[data-offline-count]").inner_text() == "1"
        badge.click()
        why = page.get_by_test_id("offline-error")
        why.wait_for()
        assert "Nora Online recorded “Stagehands” after you read its figures" in why.inner_text()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=os.path.join(artifacts_dir, "offline-08-stale-fulfilment-refused-375.png"))
        assert approved.items.get(pk=hands.pk).quantity_fulfilled == Decimal("3")
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=os.path.join(artifacts_dir, "offline-09-stale-fulfilment-refused-1280.png"))
        context.close()
