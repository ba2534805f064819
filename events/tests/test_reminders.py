"""The daily digest at 09:00 in each organization's timezone: once per user per day."""

import datetime

import pytest

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from events.reminders import organizations_due
from events.tasks import send_daily_reminders
from productions.models import Task
from productions.tests.helpers import at, book, make_event, make_location, make_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def berlin_and_new_york(tenant_a, tenant_b):
    tenant_a.org.timezone = "Europe/Berlin"
    tenant_a.org.save()
    tenant_b.org.timezone = "America/New_York"
    tenant_b.org.save()
    return tenant_a, tenant_b


def test_each_organization_is_served_at_nine_its_own_time(berlin_and_new_york):
    berlin, new_york = berlin_and_new_york
    at_8_utc = datetime.datetime(2027, 3, 4, 8, 0, tzinfo=datetime.UTC)  # 09:00 in Berlin, 03:00 in New York
    assert [org for org, _ in organizations_due(at_8_utc)] == [berlin.org]
    at_14_utc = datetime.datetime(2027, 3, 4, 14, 0, tzinfo=datetime.UTC)  # 09:00 EST
    assert [org for org, _ in organizations_due(at_14_utc)] == [new_york.org]
    after_dst = datetime.datetime(2027, 3, 15, 13, 0, tzinfo=datetime.UTC)  # 09:00 EDT
    assert [org for org, _ in organizations_due(after_dst)] == [new_york.org]


def test_the_digest_lists_tomorrows_calls_events_and_tasks_once(berlin_and_new_york):
    berlin, _ = berlin_and_new_york
    raider, manager = berlin.user(Role.RAIDER), berlin.user(Role.GLADIATOR)
    venue = make_location(berlin, "Columbiahalle", tz="Europe/Berlin")
    production = make_production(berlin, production_manager=manager)
    show = make_event(
        berlin, "Aurora Berlin", start=at("Europe/Berlin", 2027, 3, 5, 20, 0), location=venue, production=production
    )
    book(show, raider, call_time=at("Europe/Berlin", 2027, 3, 5, 16, 0), role_title="Runner")
    make_event(berlin, "The day after", start=at("Europe/Berlin", 2027, 3, 6, 20, 0), location=venue)
    Task.objects.create(
        production=production, title="Print passes", assignee=raider, due_date=datetime.date(2027, 3, 5)
    )
    Task.objects.create(
        production=production, title="Done already", assignee=raider, status="done", due_date=datetime.date(2027, 3, 5)
    )
    nine = datetime.datetime(2027, 3, 4, 8, 0, tzinfo=datetime.UTC).isoformat()
    assert send_daily_reminders.delay(nine).get() == 2
    assert send_daily_reminders.delay(nine).get() == 2  # the task runs twice…
    assert Notification.objects.filter(kind="reminder.daily").count() == 2  # …each person hears once
    digest = Notification.objects.get(recipient=raider)
    assert digest.title == "Tomorrow, Fri 5 Mar: 1 event, 1 task due"
    assert "Aurora Berlin at Columbiahalle: call 16:00 as Runner, starts 20:00 (Europe/Berlin)" in digest.body
    assert "Print passes" in digest.body and "Done already" not in digest.body and "The day after" not in digest.body
    assert "Aurora Berlin" in Notification.objects.get(recipient=manager).body
    # at ten o'clock, or in another organization's morning, nobody else hears
    send_daily_reminders.delay(datetime.datetime(2027, 3, 4, 9, 0, tzinfo=datetime.UTC).isoformat())
    assert Notification.objects.count() == 2


def test_people_with_nothing_tomorrow_get_no_digest(berlin_and_new_york):
    berlin, _ = berlin_and_new_york
    nine = datetime.datetime(2027, 3, 4, 8, 0, tzinfo=datetime.UTC).isoformat()
    assert send_daily_reminders.delay(nine).get() == 0
    assert not Notification.objects.exists()
