"""The demo: a newcomer finds saved reports (shared and private), a subscription, a metric and
finished exports; seeding twice adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from reports.models import CustomMetric, ExportJob, ReportSubscription, SavedReport

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_reports_once(seeded_demo):
    counts = [m.objects.count() for m in (SavedReport, ReportSubscription, CustomMetric, ExportJob)]
    assert counts == [6, 2, 2, 4]
    assert ExportJob.objects.filter(status="done").count() == 4
    call_command("seed_reports_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (SavedReport, ReportSubscription, CustomMetric, ExportJob)] == counts

    client = Client()
    client.force_login(get_user_model().objects.get(username="northstar-gladiator"))
    page = client.get("/reports/w/northstar/aurora-tour/")
    assert page.status_code == 200
    assert {r.name for r in page.context["page"].object_list} == {
        "Order spend by vendor and status",
        "Approved advance cost by team",
    }
    saved = SavedReport.objects.get(workspace__slug="aurora-tour", name="Order spend by vendor and status")
    report = client.get(f"/reports/saved/{saved.pk}/")
    assert report.status_code == 200 and report.context["rows"]
