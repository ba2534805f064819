"""In a real browser: a production manager creates a production, schedules a show that clashes with
another booking of the venue and sees the warning, builds the run of show, and reads the
calendar on a 375 px phone. Screenshots go to artifacts/."""

import datetime
import os
import re
import zoneinfo

import pytest
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD, Tenant
from events.models import Cue, Event
from productions.models import Production
from productions.services import create_task, move_task
from productions.tests.helpers import make_event, make_location

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, artifacts_dir, name):
    page.screenshot(path=os.path.join(artifacts_dir, f"{name}.png"), full_page=True)


def test_production_clash_run_of_show_and_phone_calendar(live_server, artifacts_dir):
    tenant = Tenant("Northwind")
    gladiator = tenant.user(Role.GLADIATOR)
    gladiator.first_name, gladiator.last_name = "Dana", "Reyes"
    gladiator.save()
    venue = make_location(
        tenant,
        "Madison Square Garden",
        tz="America/New_York",
        capacity=19500,
        address="4 Pennsylvania Plaza",
        city="New York",
    )
    new_york = zoneinfo.ZoneInfo("America/New_York")
    today = timezone.now().astimezone(new_york).date()
    # The 10th of a month at least 20 days ahead: the show and the meetings up to 9 days after it
    # fall in one month's calendar whatever the date the test runs on.
    ahead = today + datetime.timedelta(days=20)
    month = ahead if ahead.day <= 10 else ahead.replace(day=1) + datetime.timedelta(days=32)
    day = month.replace(day=10)
    knicks_start = datetime.datetime.combine(day, datetime.time(19, 0), tzinfo=new_york)
    make_event(tenant, "Knicks vs Celtics", start=knicks_start, hours=3, location=venue, kind="other")
    for offset, title in ((2, "Press junket"), (5, "Band rehearsal"), (9, "Production meeting")):
        make_event(
            tenant,
            title,
            start=knicks_start + datetime.timedelta(days=offset, hours=-5),
            location=venue,
            kind="press" if "Press" in title else "rehearsal" if "rehearsal" in title else "meeting",
        )
    base = live_server.url

    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        log_in(page, base, gladiator.username, PASSWORD)

        # 1. a production
        page.goto(f"{base}/productions/")
        page.click("text=+ New production")
        page.fill("#id_name", "Aurora — Madison Square Garden")
        page.fill("#id_code", "AUR-MSG")
        page.fill("#id_start_date", day.isoformat())
        page.fill("#id_end_date", (day + datetime.timedelta(days=1)).isoformat())
        page.select_option("#id_venue", label="Madison Square Garden, New York")  # the city tells venues apart
        page.select_option("#id_production_manager", label="Dana Reyes")
        page.fill("#id_tags", "arena, headline")
        page.click("button:has-text('Create production')")
        page.wait_for_selector("h1:has-text('Aurora — Madison Square Garden')")
        production = Production.objects.get()
        page.click("button:has-text('Move to planning')")
        page.wait_for_selector("[data-testid=status]:has-text('Planning')")
        assert page.locator("[data-testid=health-card]").is_visible()
        assert no_horizontal_scroll(page), "production page scrolls sideways on a phone"
        shot(page, artifacts_dir, "productions-overview-phone")

        # 2. a show that clashes with the Knicks game: the warning shows while typing and on saving
        page.click("text=+ Event")
        page.wait_for_selector("#event-form")
        assert page.locator("#id_production").input_value() == str(production.pk)
        assert page.locator("#id_location").input_value() == str(venue.pk)
        page.fill("#id_title", "Aurora — night 1")
        page.fill("#id_starts", f"{day.isoformat()}T20:00")
        page.fill("#id_ends", f"{day.isoformat()}T23:30")
        page.locator("#id_ends").dispatch_event("change")
        warning = page.locator("#live-clashes .clash.hard")
        warning.wait_for()
        assert "Knicks vs Celtics" in warning.inner_text()
        assert no_horizontal_scroll(page), "event form scrolls sideways on a phone"
        shot(page, artifacts_dir, "events-clash-warning-phone")
        page.click("button:has-text('Create event')")
        page.wait_for_selector("[data-testid=confirm-box]")
        assert "Nothing was saved" in page.inner_text("[data-testid=confirm-box]")
        assert Event.objects.filter(title="Aurora — night 1").count() == 0
        page.check("#id_confirm_conflicts")
        page.click("button:has-text('Create event')")
        page.wait_for_selector("h1:has-text('Aurora — night 1')")
        assert "Knicks vs Celtics" in page.inner_text(".warn-card")
        shot(page, artifacts_dir, "events-event-page-phone")

        # 3. the run of show: three cues, one moved up, start times follow
        page.click("text=Run of show")
        for item, duration, at in (("Doors", "60", ""), ("Support act", "35", ""), ("Headliner", "1:30:00", "")):
            page.fill("#id_item", item)
            page.fill("#id_duration", duration)
            page.fill("#id_at", at)
            page.select_option("#id_department", "stage")
            page.click("button:has-text('Add cue')")
            page.wait_for_selector(f"[data-testid=cues] >> text={item}")
        starts = page.locator("[data-testid=cue-start]").all_inner_texts()
        assert starts == ["20:00", "21:00", "21:35"]
        page.click("button[aria-label='Move Headliner up']")
        page.wait_for_selector("[data-testid=cue-2]:has-text('Headliner')")  # no eval: the CSP forbids it
        assert page.locator("[data-testid=cue-start]").all_inner_texts() == ["20:00", "21:00", "22:30"]
        assert [c.item for c in Cue.objects.order_by("position")] == ["Doors", "Headliner", "Support act"]
        assert no_horizontal_scroll(page), "run of show scrolls sideways on a phone"
        shot(page, artifacts_dir, "events-run-of-show-phone")
        page.set_viewport_size(DESKTOP)
        # drag the support act back above the headliner
        page.drag_and_drop("[data-testid=cue-3] .handle", "[data-testid=cue-2]", target_position={"x": 20, "y": 5})
        page.wait_for_selector("[data-testid=cue-2]:has-text('Support act')")
        assert [c.item for c in Cue.objects.order_by("position")] == ["Doors", "Support act", "Headliner"]
        shot(page, artifacts_dir, "events-run-of-show-desktop")
        page.set_viewport_size(PHONE)

        # 4. the calendar on a phone: month, week and agenda
        page.goto(f"{base}/events/")
        assert re.search(r"/events/w/[\w-]+/[\w-]+/$", page.url)  # the module opens the current workspace
        calendar = page.url
        page.goto(f"{calendar}?date={day.isoformat()}")
        page.wait_for_selector(".month")
        assert no_horizontal_scroll(page), "month calendar scrolls sideways on a phone"
        assert page.locator(".day.busy").count() >= 4
        assert "Aurora — night 1" in page.inner_text(".month-agenda")
        shot(page, artifacts_dir, "events-calendar-month-phone")
        for view in ("week", "agenda", "day"):
            page.goto(f"{calendar}?view={view}&date={day.isoformat()}")
            assert no_horizontal_scroll(page), f"{view} view scrolls sideways on a phone"
            shot(page, artifacts_dir, f"events-calendar-{view}-phone")
        page.goto(f"{base}/events/w/{tenant.org.slug}/{tenant.workspace.slug}/conflicts/")
        assert page.locator("[data-testid=clash-pair]").count() == 1
        # the heading says which days the list covers
        assert "(today to the last planned event)" in page.inner_text("[data-testid=conflict-range]")
        shot(page, artifacts_dir, "events-conflicts-phone")
        page.close()

        raider = tenant.user(Role.RAIDER)
        for title, status, due in (
            ("Book the barricade crew", "todo", -1),
            ("Noise permit filing", "blocked", 3),
            ("Hotel block for the band", "in_progress", 5),
            ("Venue walkthrough", "done", -4),
        ):
            task = create_task(
                production,
                actor=gladiator,
                title=title,
                assignee=raider,
                priority="high",
                due_date=today + datetime.timedelta(days=due),
                checklist=["Quote", "Sign"],
            )
            if status != "todo":
                move_task(task, actor=gladiator, to_status=status)
        desktop = browser.new_page(viewport=DESKTOP)
        log_in(desktop, base, gladiator.username, PASSWORD)
        desktop.goto(f"{calendar}?date={day.isoformat()}")
        assert desktop.locator(".ev:has-text('Aurora — night 1')").is_visible()
        shot(desktop, artifacts_dir, "events-calendar-month-desktop")
        desktop.goto(f"{base}/productions/{production.pk}/")
        shot(desktop, artifacts_dir, "productions-overview-desktop")
        desktop.goto(f"{base}/productions/{production.pk}/board/")
        shot(desktop, artifacts_dir, "productions-board-desktop")
        desktop.close()
