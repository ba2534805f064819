"""The evening before a show day, everyone called hears that its day sheet is ready, once."""

import datetime

import pytest
from django.utils import formats, translation

from daysheets import tasks
from daysheets.evening import KIND, send_evening_daysheets
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def evening_before(day, organization, hour=18):
    """18:30 (or `hour`) on the day before the show, in the organization's zone."""
    from dragonfly.tenancy.access import org_timezone

    return datetime.datetime.combine(
        day.date - datetime.timedelta(days=1), datetime.time(hour, 30), tzinfo=org_timezone(organization)
    )


def test_each_person_called_hears_once_even_when_the_task_runs_twice(tenant_a, day):
    now = evening_before(day, tenant_a.org)
    tasks.send_evening_daysheets.delay(now.isoformat())
    tasks.send_evening_daysheets.delay(now.isoformat())
    sent = Notification.objects.filter(kind=KIND)
    assert sorted(n.recipient_id for n in sent) == sorted(p.pk for p in day.crew)
    note = sent.get(recipient=day.runner)
    assert note.url == day.path
    assert "Aurora Berlin" in note.body and "14:00" in note.body and "Columbiahalle" in note.body
    assert "day sheet" in note.title


def test_nobody_hears_outside_the_evening_hour_or_about_another_day(tenant_a, day):
    assert send_evening_daysheets(evening_before(day, tenant_a.org, hour=9)) == []
    two_days_before = evening_before(day, tenant_a.org) - datetime.timedelta(days=1)
    assert send_evening_daysheets(two_days_before) == []
    assert not Notification.objects.filter(kind=KIND).exists()


def test_the_notice_reads_in_the_recipients_language(tenant_a, day):
    from dragonfly.accounts.models import Profile

    runner = day.runner
    Profile.objects.update_or_create(user=runner, defaults={"language": "de"})
    from dragonfly.tenancy.access import clear_access

    clear_access(runner)
    send_evening_daysheets(evening_before(day, tenant_a.org))
    german = Notification.objects.get(kind=KIND, recipient=runner)
    english = Notification.objects.get(kind=KIND, recipient=tenant_a.user(Role.DEVIATOR))
    # the day reads in each one's language (the sentence's German comes with the merged catalog:
    # locale/de/parts/wip-daysheets.po); and the body's call time is the venue's, the same for both
    with translation.override("de"):
        assert german.title.endswith(formats.date_format(day.date, "D j M"))
    with translation.override("en"):
        assert english.title.endswith(formats.date_format(day.date, "D j M"))
    assert german.title != english.title
