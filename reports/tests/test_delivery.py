"""Scheduled reports: a finance lead subscribes to vendor spend weekly; the 06:00 job builds every
due report once and tells them in the app and by email; running it twice sends nothing twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from reports import services
from reports.models import ExportJob, ReportSubscription
from reports.tasks import report_deliver_subscriptions

from .helpers import saved_po_report, vendor_spend, ws_url

pytestmark = pytest.mark.django_db
R = Role
MONDAY = datetime.datetime(2026, 12, 7, 6, 0, tzinfo=datetime.UTC)


def _deliver(pks, now):
    return sum(services.deliver_subscription(pk, now=now) for pk in pks)


def test_a_weekly_subscription_is_delivered_once_on_monday(tenant_a, login, django_capture_on_commit_callbacks):
    vendor_spend(tenant_a)
    lead = tenant_a.user(R.GLADIATOR)
    lead.email = "lead@example.com"
    lead.save()
    response = login(lead).post(ws_url(tenant_a, "run/po-spend/subscribe/"), {"frequency": "weekly"})
    assert response.status_code == 302
    subscription = ReportSubscription.objects.get()
    assert (subscription.user, subscription.template, subscription.frequency) == (lead, "po-spend", "weekly")

    sunday = MONDAY - datetime.timedelta(days=1)
    assert _deliver([subscription.pk], sunday) == 0  # not due
    with django_capture_on_commit_callbacks(execute=True):
        assert _deliver([subscription.pk], MONDAY) == 1
        assert _deliver([subscription.pk], MONDAY + datetime.timedelta(hours=2)) == 0  # the second run: nothing
    note = Notification.objects.get(recipient=lead)
    assert note.kind == "report.delivered" and "Purchase order spend per vendor" in note.title
    job = ExportJob.objects.get()
    assert note.url == f"/reports/export/{job.pk}/" and job.status == "done" and job.format == "xlsx"
    assert [m.to for m in mail.outbox] == [["lead@example.com"]]
    subscription.refresh_from_db()
    assert subscription.last_sent_on == datetime.date(2026, 12, 7)


def test_the_beat_job_runs_every_due_subscription_and_twice_sends_nothing_twice(
    tenant_a, django_capture_on_commit_callbacks
):
    vendor_spend(tenant_a)
    lead = tenant_a.user(R.GLADIATOR)
    services.subscribe(actor=lead, workspace=tenant_a.workspace, frequency="daily", template="po-spend")
    report = saved_po_report(tenant_a, lead)
    services.subscribe(actor=lead, workspace=tenant_a.workspace, frequency="daily", saved_report=report)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_deliver_subscriptions.delay().get() == 2
        assert report_deliver_subscriptions.delay().get() == 0
    assert Notification.objects.filter(recipient=lead, kind="report.delivered").count() == 2
    assert ExportJob.objects.count() == 2


def test_a_subscriber_who_lost_access_gets_nothing(tenant_a, django_capture_on_commit_callbacks):
    from dragonfly.tenancy.access import clear_access
    from dragonfly.tenancy.models import Membership

    lead = tenant_a.user(R.GLADIATOR)
    subscription = services.subscribe(actor=lead, workspace=tenant_a.workspace, frequency="daily", template="po-spend")
    Membership.objects.filter(user=lead).update(role=R.DEVIATOR)
    clear_access(lead)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliver_subscription(subscription.pk, now=timezone.now()) is False
    assert not Notification.objects.filter(recipient=lead).exists()


def test_a_crew_member_cannot_subscribe_to_a_finance_report(tenant_a, login):
    crew = login(tenant_a.user(R.DEVIATOR))
    assert crew.post(ws_url(tenant_a, "run/po-spend/subscribe/"), {"frequency": "daily"}).status_code == 403
    assert crew.post(ws_url(tenant_a, "run/incident-log/subscribe/"), {"frequency": "daily"}).status_code == 302
    subscription = ReportSubscription.objects.get()
    assert subscription.template == "incident-log"
    # Only its subscriber ends it.
    assert login(tenant_a.user(R.GLADIATOR)).post(f"/reports/subscription/{subscription.pk}/cancel/").status_code == 404
    assert login(tenant_a.user(R.DEVIATOR)).post(f"/reports/subscription/{subscription.pk}/cancel/").status_code == 302
    assert not ReportSubscription.objects.exists()


def test_the_beat_schedule_runs_delivery_at_six_on_the_exports_queue(settings):
    from dragonfly.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reports-deliver-subscriptions"]
    assert entry["task"] == "reports.tasks.report_deliver_subscriptions"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
    route = app.amqp.router.route({}, "reports.tasks.report_export")
    assert route["queue"].name == "exports"
