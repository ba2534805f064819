"""In a real browser: a crew lead assigns people (one refused for an expired certificate), and a crew
member clocks in and out on a phone. Screenshots go to the artifacts folder."""

import datetime
import os

import pytest
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD
from people.models import Assignment, TimeEntry, TimeStatus

from .helpers import make_assignment, make_cert, make_person, make_position, make_production

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, artifacts_dir, name):
    page.screenshot(path=os.path.join(artifacts_dir, f"people-{name}.png"), full_page=True)


def test_crew_lead_assigns_people_and_one_is_refused_for_an_expired_certificate(live_server, artifacts_dir, tenant_a):
    ws = tenant_a.workspace
    lead = tenant_a.user(Role.NAVIGATOR)
    lead.first_name, lead.last_name = "Nico", "Baptiste"
    lead.save()
    today = timezone.localdate()
    show_day = today + datetime.timedelta(days=3)
    show = make_production(ws, "Harbor Lights — Main Stage", start_date=show_day, end_date=show_day)
    forklift = make_position(ws, "Forklift driver", required=["forklift"])
    make_position(ws, "Stagehand")
    ana = make_person(ws, "Ana", "Lopez", job_title="Forklift operator")
    ben = make_person(ws, "Ben", "Okoro", job_title="Forklift operator")
    make_person(ws, "Cy", "Park", job_title="Stagehand")
    make_cert(ana, "forklift", expires_on=today + datetime.timedelta(days=400))
    make_cert(ben, "forklift", expires_on=today - datetime.timedelta(days=20), name="Forklift counterbalance")

    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, live_server.url, lead.username, PASSWORD)
        assign_url = f"{live_server.url}/people/w/{ws.organization.slug}/{ws.slug}/assign/"

        def assign(person, position, start="08:00", end="18:00"):
            page.goto(assign_url)
            page.select_option("#id_person", label=person)
            page.select_option("#id_position", label=position)
            page.select_option("#id_production", label=show.name)
            page.fill("#id_call_time", f"{show_day:%Y-%m-%d}T{start}")
            page.fill("#id_end_time", f"{show_day:%Y-%m-%d}T{end}")
            click_and_wait(page, "[data-testid=assign-form] button[type=submit]")

        assign("Ana Lopez — Forklift operator", "Forklift driver")
        assert "Ana Lopez assigned as Forklift driver" in page.content()

        assign("Ben Okoro — Forklift operator", "Forklift driver")
        refusal = page.locator("[data-testid=refusal]")
        assert refusal.is_visible()
        assert "Ben Okoro’s Forklift certificate expired on" in refusal.inner_text()
        assert "(20 days ago)" in refusal.inner_text()  # how long ago, as a crew lead reads it
        shot(page, artifacts_dir, "assign-refused-desktop")

        assign("Cy Park — Stagehand", "Stagehand", "07:00", "20:30")  # 13.5 h: a fatigue warning
        assert "Cy Park assigned as Stagehand" in page.content()
        assert "Shift of 13 h 30 min is longer than 12 h." in page.content()
        shot(page, artifacts_dir, "schedule-desktop")
        assert page.locator(".shift").count() == 2

        page.goto(f"{live_server.url}/people/w/{ws.organization.slug}/{ws.slug}/")
        assert "Expired cert" in page.content()  # Ben's lapsed forklift ticket is flagged in the directory
        shot(page, artifacts_dir, "directory-desktop")
        click_and_wait(page, "text=Ben Okoro")
        assert "Forklift counterbalance" in page.content() and "Expired" in page.content()
        shot(page, artifacts_dir, "person-desktop")
        page.goto(
            f"{live_server.url}/people/w/{ws.organization.slug}/{ws.slug}/availability/?start={show_day:%Y-%m-%d}"
            "&days=7"
        )
        assert page.locator("td.cell.assigned").count() == 2
        shot(page, artifacts_dir, "availability-desktop")
        page.close()

        phone = browser.new_page(viewport=PHONE)
        log_in(phone, live_server.url, lead.username, PASSWORD)
        phone.goto(f"{live_server.url}/people/w/{ws.organization.slug}/{ws.slug}/schedule/?start={show_day:%Y-%m-%d}")
        assert no_horizontal_scroll(phone), "the schedule page scrolls sideways on a phone"
        shot(phone, artifacts_dir, "schedule-phone")
    assert sorted(a.person.first_name for a in Assignment.objects.select_related("person")) == ["Ana", "Cy"]
    assert forklift.assignments.get().person == ana


def test_crew_member_clocks_in_and_out_on_a_phone_and_a_navigator_approves(live_server, artifacts_dir, tenant_a):
    ws = tenant_a.workspace
    raider = tenant_a.user(Role.RAIDER)
    raider.first_name, raider.last_name = "Riley", "Chen"
    raider.save()
    navigator = tenant_a.user(Role.NAVIGATOR)
    me = make_person(ws, "Riley", "Chen", user=raider)
    show = make_production(ws, "Harbor Lights — Main Stage")
    now = timezone.now()
    make_assignment(
        me, show, make_position(ws, "Stagehand"), now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=7)
    )

    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        log_in(page, live_server.url, raider.username, PASSWORD)
        page.goto(f"{live_server.url}/people/me/")
        assert "Stagehand" in page.content()
        assert no_horizontal_scroll(page), "my schedule scrolls sideways on a phone"
        shot(page, artifacts_dir, "my-schedule-phone")

        click_and_wait(page, "text=Clock in")
        assert page.locator("[data-testid=clocked-in-at]").is_visible()
        shot(page, artifacts_dir, "clocked-in-phone")

        page.fill("#id_break_minutes", "0")
        click_and_wait(page, "text=Clock out")
        assert "Clocked out at" in page.content()
        assert no_horizontal_scroll(page)
        shot(page, artifacts_dir, "clocked-out-phone")

        page.goto(f"{live_server.url}/people/me/hours/")
        assert no_horizontal_scroll(page), "my hours scrolls sideways on a phone"
        page.click("text=Log hours for a day")
        shot(page, artifacts_dir, "my-hours-phone")
        page.close()

        lead = browser.new_page(viewport=DESKTOP)
        log_in(lead, live_server.url, navigator.username, PASSWORD)
        lead.goto(f"{live_server.url}/people/w/{ws.organization.slug}/{ws.slug}/time/")
        assert "Riley Chen" in lead.content()
        click_and_wait(lead, '[data-testid^=entry-] button:has-text("Approve")')
        assert "approved" in lead.content()
        lead.goto(f"{live_server.url}/people/w/{ws.organization.slug}/{ws.slug}/time/?status=approved")
        shot(lead, artifacts_dir, "time-approved-desktop")
    entry = TimeEntry.objects.get()
    assert entry.status == TimeStatus.APPROVED and entry.clock_out is not None and entry.assignment is not None
    assert entry.approved_by == navigator


def test_a_crew_member_abroad_reads_their_shift_at_the_venues_wall_clock_like_the_manager(live_server, tenant_a):
    """Issue 23: the crew member read 13:00 (UTC) for the shift the manager booked at 08:00 New York.
    Riley reads in Berlin, yet a shift is bound to the venue: both see 08:00 and the venue's zone."""
    import zoneinfo

    from dragonfly.accounts.models import Profile

    ws = tenant_a.workspace
    tenant_a.org.timezone = "America/New_York"
    tenant_a.org.save(update_fields=["timezone"])
    lead, raider = tenant_a.user(Role.NAVIGATOR), tenant_a.user(Role.RAIDER)
    Profile.objects.create(user=raider, timezone="Europe/Berlin")
    make_person(ws, "Riley", "Chen", user=raider, job_title="Stagehand")
    show_day = timezone.localdate() + datetime.timedelta(days=3)
    show = make_production(ws, "Harbor Lights — Main Stage", start_date=show_day, end_date=show_day)
    make_position(ws, "Stagehand")
    zone = datetime.datetime.combine(show_day, datetime.time(8), tzinfo=zoneinfo.ZoneInfo("America/New_York")).tzname()

    with chromium() as browser:
        desk = browser.new_page(viewport=DESKTOP)
        log_in(desk, live_server.url, lead.username, PASSWORD)
        desk.goto(f"{live_server.url}/people/w/{ws.organization.slug}/{ws.slug}/assign/")
        desk.select_option("#id_person", label="Riley Chen — Stagehand")
        desk.select_option("#id_position", label="Stagehand")
        desk.select_option("#id_production", label=show.name)
        desk.fill("#id_call_time", f"{show_day:%Y-%m-%d}T08:00")
        desk.fill("#id_end_time", f"{show_day:%Y-%m-%d}T16:00")
        click_and_wait(desk, "[data-testid=assign-form] button[type=submit]")
        shift = Assignment.objects.get()
        desk.goto(f"{live_server.url}/people/assignment/{shift.pk}/")
        assert f"08:00 {zone}" in desk.content()

        phone = browser.new_page(viewport=PHONE)
        log_in(phone, live_server.url, raider.username, PASSWORD)
        phone.goto(f"{live_server.url}/people/me/")
        assert phone.locator(f"[data-testid=shift-{shift.pk}]").inner_text().endswith(f"call 08:00 – 16:00 {zone}")
        assert "Times in Europe/Berlin" in phone.locator("[data-testid=viewer-zone]").inner_text()
