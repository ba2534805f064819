"""ICS feeds: parsed back with the icalendar library; secret, revocable tokens; events the user
may not see never appear."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from events.models import CalendarFeed
from events.services import issue_feed_token, revoke_feed_token
from productions.models import TeamMember
from productions.tests.helpers import book, make_event, make_location, make_production

pytestmark = pytest.mark.django_db
SOON = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)


def parse(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_personal_feed_lists_my_work_with_times_in_utc_and_my_call(tenant_a, client):
    raider = tenant_a.user(Role.RAIDER)
    venue = make_location(tenant_a, "Columbiahalle", tz="Europe/Berlin", address="Columbiadamm 13", city="Berlin")
    show = make_event(tenant_a, "Aurora Berlin", start=SOON, location=venue, description="Bring ear plugs")
    book(show, raider, call_time=SOON - datetime.timedelta(hours=3), role_title="Runner")
    production = make_production(tenant_a)
    TeamMember.objects.create(production=production, user=raider)
    make_event(
        tenant_a, "Team meeting", start=SOON + datetime.timedelta(days=1), production=production, status="tentative"
    )
    make_event(tenant_a, "Not mine", start=SOON)
    token = issue_feed_token(actor=raider)
    calendar, events = parse(client.get("/events/feed.ics", {"token": token}))
    assert set(events) == {"Aurora Berlin", "Team meeting"}
    vevent = events["Aurora Berlin"]
    assert vevent.decoded("dtstart") == show.starts_at
    assert vevent.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert vevent.decoded("dtend") == show.ends_at
    assert str(vevent["uid"]) == f"event-{show.pk}@dragonfly" and str(vevent["status"]) == "CONFIRMED"
    assert "Columbiadamm 13" in str(vevent["location"])
    local_call = (SOON - datetime.timedelta(hours=3)).astimezone(show.tz).strftime("%H:%M")
    assert f"Your call as Runner: {local_call} (Europe/Berlin)" in str(vevent["description"])
    assert str(events["Team meeting"]["status"]) == "TENTATIVE"
    assert str(calendar["x-wr-calname"]).startswith("Dragonfly")


def test_events_the_user_may_not_see_never_appear(tenant_a, tenant_b, client):
    ambassador = tenant_a.user(Role.AMBASSADOR)
    production = make_production(tenant_a)
    TeamMember.objects.create(production=production, user=ambassador)
    make_event(tenant_a, "Press conference", kind="press", production=production, start=SOON)
    make_event(tenant_a, "Load-in", kind="load_in", production=production, start=SOON)
    elsewhere = make_event(tenant_b, "Other org show", start=SOON)
    book(elsewhere, ambassador)  # a booking in an organization they do not belong to
    token = issue_feed_token(actor=ambassador)
    _, events = parse(client.get("/events/feed.ics", {"token": token}))
    assert set(events) == {"Press conference"}
    # losing the membership empties the feed
    Membership.objects.filter(user=ambassador).delete()
    _, events = parse(client.get("/events/feed.ics", {"token": token}))
    assert events == {}


def test_tokens_are_secret_and_revocable(tenant_a, client):
    raider = tenant_a.user(Role.RAIDER)
    first = issue_feed_token(actor=raider)
    assert len(first) >= 40 and first not in CalendarFeed.objects.get().token_hash
    second = issue_feed_token(actor=raider)
    old = client.get("/events/feed.ics", {"token": first})
    assert old.status_code == 302 and old["Location"].startswith("/accounts/login/")
    assert client.get("/events/feed.ics", {"token": second}).status_code == 200
    assert revoke_feed_token(actor=raider)
    assert client.get("/events/feed.ics", {"token": second}).status_code == 302
    raider.is_active = False
    raider.save()
    third = issue_feed_token(actor=raider)
    assert client.get("/events/feed.ics", {"token": third}).status_code == 302


def test_the_production_feed(tenant_a, tenant_b, client):
    gladiator = tenant_a.user(Role.GLADIATOR)
    production = make_production(tenant_a)
    make_event(tenant_a, "Night 1", production=production, start=SOON)
    make_event(tenant_a, "Night 2", production=production, start=SOON + datetime.timedelta(days=1))
    make_event(tenant_a, "Other production", start=SOON)
    token = issue_feed_token(actor=gladiator)
    _, events = parse(client.get(f"/events/feed/production/{production.pk}.ics", {"token": token}))
    assert set(events) == {"Night 1", "Night 2"}
    outsider = issue_feed_token(actor=tenant_b.user(Role.PHANTOM))
    assert client.get(f"/events/feed/production/{production.pk}.ics", {"token": outsider}).status_code == 404


def test_the_feed_page_shows_a_new_address_once(tenant_a, login):
    client = login(tenant_a.user(Role.RAIDER))
    assert "Create my calendar address" in client.get("/events/calendar-feed/").content.decode()
    client.post("/events/calendar-feed/token/", {"action": "create"})
    page = client.get("/events/calendar-feed/").content.decode()
    assert "/events/feed.ics?token=" in page
    assert "/events/feed.ics?token=" not in client.get("/events/calendar-feed/").content.decode()
    assert client.post("/events/calendar-feed/token/", {}).status_code == 400
    client.post("/events/calendar-feed/token/", {"action": "revoke"})
    assert not CalendarFeed.objects.exists()
