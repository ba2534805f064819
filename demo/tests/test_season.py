"""A newcomer runs `seed_demo` and opens any module: every one has a believable season in it,
dated around today, built through the services (so the history is real), and a second run adds
nothing."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from advancing.models import Advance, AdvanceStatus
from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.models import Notification, OutboxMessage
from dragonfly.tenancy.access import local_today, org_timezone
from dragonfly.tenancy.models import Organization, Workspace
from events.management.commands.seed_cue_calls_demo import SHOWS as CALLED_SHOWS
from events.models import CrewCall, Cue, Event, Incident
from people.models import TimeEntry, TimeStatus
from productions.models import ComplianceItem, ComplianceKind, Milestone, Task, TaskStatus

pytestmark = pytest.mark.django_db

SEEDED = [
    "locations.Location",
    "events.Event",
    "events.CrewCall",
    "events.Cue",
    "events.Incident",
    "productions.Task",
    "productions.Milestone",
    "productions.ComplianceItem",
    "people.TimeEntry",
    "advancing.Advance",
    "finance.Budget",
    "finance.PurchaseOrder",
    "finance.Invoice",
    "activity.ActivityEntry",
]


def counts():
    return {label: apps.get_model(label).objects.count() for label in SEEDED}


def season_events(where):
    """The season's events (seed_cue_calls_demo adds two shows of its own: one being called, one called)."""
    return Event.objects.filter(workspace=where).exclude(title__in=[show[0] for show in CALLED_SHOWS])


def workspace(org, slug):
    return Workspace.objects.get(organization__slug=org, slug=slug)


@pytest.fixture
def season(seeded_demo):
    """The demo as seed_demo leaves it (seeded once for every test that reads it: conftest.py)."""


def test_the_calendar_holds_a_tour_of_twelve_shows_and_festivals_around_today(season):
    tour = workspace("northstar", "aurora-tour")
    shows = season_events(tour).order_by("starts_at")
    assert shows.count() >= 12
    assert shows.values("location").distinct().count() >= 5  # across venues
    today = local_today(tour)
    days = [show.starts_at.astimezone(org_timezone(tour)).date() for show in shows]
    assert days[0] < today < days[-1]  # some played, some ahead
    monday = today - datetime.timedelta(days=today.weekday())
    assert any(monday <= day <= monday + datetime.timedelta(days=6) for day in days)  # this week
    for show in shows:
        assert show.crew_calls.count() >= 2 and show.cues.count() >= 5
        assert show.cues.filter(fixed_start__isnull=False).exists()
    incidents = Incident.objects.filter(event__workspace=tour)
    assert incidents.count() >= 2
    assert all(i.event.starts_at < timezone.now() for i in incidents)  # on shows already played
    assert {i.status for i in incidents} >= {"open", "resolved"}
    each_festival_runs_its_stages_for_three_days()


FESTIVALS = [("northstar", "harbor-fest", 3), ("bluewave", "open-air", 3), ("bluewave", "summit-2027", 2)]


def each_festival_runs_its_stages_for_three_days():
    for org, slug, stages in FESTIVALS:
        events = season_events(workspace(org, slug))
        assert events.values("location").distinct().count() == stages, slug
        assert len({timezone.localdate(e.starts_at) for e in events}) == 3, slug
        assert events.count() == stages * 3, slug
        assert CrewCall.objects.filter(event__in=events).count() >= events.count(), slug
        assert Cue.objects.filter(event__in=events).count() >= 5 * events.count(), slug


def test_every_organization_has_boards_compliance_time_and_advances_in_every_status(season):
    for org in ("northstar", "bluewave"):
        organization_has_a_season(org)


def organization_has_a_season(org):
    today = local_today(Organization.objects.get(slug=org))
    tasks = Task.objects.filter(production__workspace__organization__slug=org)
    assert {t.status for t in tasks} == set(TaskStatus.values)
    assert tasks.filter(due_date__lt=today).exclude(status=TaskStatus.DONE).exists()  # overdue
    milestones = Milestone.objects.filter(production__workspace__organization__slug=org)
    assert milestones.filter(done_at__isnull=False).exists() and milestones.filter(done_at__isnull=True).exists()
    compliance = ComplianceItem.objects.filter(production__workspace__organization__slug=org)
    assert compliance.filter(kind=ComplianceKind.PERMIT).count() >= 2
    assert {"approved", "expiring", "expired", "required"} <= {c.status for c in compliance}

    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    entries = TimeEntry.objects.filter(workspace__organization__slug=org)
    month = entries.filter(work_date__year=last_month.year, work_date__month=last_month.month)
    assert {TimeStatus.APPROVED, TimeStatus.PENDING} <= {e.status for e in month}
    # Besides last month's timesheets, only a freelancer's two days this week, drafted on their invoice
    # (seed_jobs_demo, a contract per workspace): in this month or the last, by the date.
    others = entries.exclude(pk__in=month.values("pk"))
    assert others.count() == others.filter(invoice_lines__isnull=False).distinct().count()

    advances = Advance.objects.filter(organization__slug=org)
    assert {a.status for a in advances} == set(AdvanceStatus.values)
    assert advances.filter(items__approved_quantity__lt=F("items__quantity")).exists()  # partly approved
    fulfilled = advances.filter(status=AdvanceStatus.FULFILLED).first()
    verbs = ActivityEntry.objects.filter(object_id=fulfilled.pk, verb__startswith="advance.").values_list(
        "verb", flat=True
    )
    assert {"advance.created", "advance.submitted", "advance.approved", "advance.fulfilled"} <= set(verbs)


def test_a_second_run_adds_nothing_and_the_seed_tells_no_one(season):
    before = counts()
    assert all(before.values()), before
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
    # quiet: the season is history, not news; no inbox of 100 notifications, no mail queued
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()
