"""Advancing analytics: a production office reads how long decisions and deliveries take, what was asked for
per category, production or team, and why advances are turned down (as reports, and on the dashboard), from
the advances it may see, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from advancing import analytics
from advancing.models import Advance
from advancing.models import AdvanceStatus as S
from advancing.tests.helpers import catalog_item, lines, make_advance
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def aged(advance, *, submitted_hours_ago, decided_after=None, fulfilled_after=None):
    """Move an advance's timestamps back, as if it had been submitted that long ago."""
    now = timezone.now()
    submitted = now - datetime.timedelta(hours=submitted_hours_ago)
    values = {"submitted_at": submitted}
    if decided_after is not None:
        values["reviewed_at"] = submitted + datetime.timedelta(hours=decided_after)
    if fulfilled_after is not None:
        values["fulfilled_at"] = submitted + datetime.timedelta(hours=fulfilled_after)
    Advance.objects.filter(pk=advance.pk).update(**values)
    return advance


@pytest.fixture
def history(tenant_a):
    """Four advances of the last week: two approved (one fulfilled), two rejected for alike reasons."""
    speaker = catalog_item("ZZT-1", name="Line array", category="Technical")
    fulfilled = make_advance(tenant_a, S.FULFILLED)
    aged(fulfilled, submitted_hours_ago=100, decided_after=10, fulfilled_after=48)
    approved = make_advance(
        tenant_a, S.APPROVED, items=[{**lines(("Line array", 2, "500"))[0], "catalog_item": speaker}]
    )
    aged(approved, submitted_hours_ago=80, decided_after=30)
    from advancing import services

    ops = tenant_a.user(Role.GLADIATOR)
    for note in ("Over budget", "  over BUDGET "):
        rejected = make_advance(tenant_a, S.SUBMITTED)
        services.reject_advance(rejected, actor=ops, note=note)
        aged(rejected, submitted_hours_ago=50, decided_after=2)
    make_advance(tenant_a, S.DRAFT)  # never submitted: in no figure
    return tenant_a


def test_turnaround_lead_time_and_rejections_per_team(history):
    today = timezone.localdate()
    rows = analytics.trends(
        history.user(Role.GLADIATOR),
        history.workspace,
        start=today - datetime.timedelta(days=30),
        end=today,
        by="team",
    )
    assert sum(r.advances for r in rows) == 4 and sum(r.rejected for r in rows) == 2
    if len({r.month for r in rows}) == 1:  # the week did not cross a month
        [row] = rows
        assert row.turnaround_hours == pytest.approx((10 + 30 + 2 + 2) / 4, abs=0.1)
        assert row.lead_days == pytest.approx(2.0, abs=0.05)


def test_per_category_costs_are_the_lines(history):
    today = timezone.localdate()
    rows = analytics.trends(
        history.user(Role.GLADIATOR),
        history.workspace,
        start=today - datetime.timedelta(days=30),
        end=today,
        by="category",
    )
    technical = [r for r in rows if r.group == "Technical"]
    assert sum(r.estimated for r in technical) == Decimal("1000.00")
    assert sum(r.advances for r in technical) == 1


def test_alike_reasons_count_together(history):
    today = timezone.localdate()
    reasons = analytics.rejection_reasons(
        history.user(Role.GLADIATOR), history.workspace, start=today - datetime.timedelta(days=30), end=today
    )
    assert [(r.reason.lower(), r.count, r.share) for r in reasons] == [("over budget", 2, 100.0)]


def test_the_reports_run_and_export_for_who_may_see_advances_and_no_one_else(history, tenant_b, login):
    base = f"/reports/w/{history.org.slug}/{history.workspace.slug}/run/"
    client = login(history.user(Role.GLADIATOR))
    for by in ("category", "production", "team"):
        page = client.get(base + f"advancing-trends/?by={by}")
        assert page.status_code == 200, page.content[:300]
    page = client.get(base + "rejection-reasons/")
    assert page.status_code == 200
    assert "over budget" in page.content.decode().lower()
    csv = client.post(base + "rejection-reasons/export/", {"format": "csv"})
    assert csv.status_code == 200 and b"over budget" in csv.content.lower()
    assert client.get(base + "advancing-trends/?by=nonsense").status_code == 400

    outsider = login(tenant_b.user(Role.PHANTOM))
    assert outsider.get(base + "rejection-reasons/").status_code in (403, 404)


def test_another_organizations_advances_are_in_no_figure(history, tenant_b):
    today = timezone.localdate()
    other = tenant_b.user(Role.PHANTOM)
    assert (
        analytics.trends(other, history.workspace, start=today - datetime.timedelta(days=30), end=today, by="team")
        == []
    )
    assert analytics.glance(other, history.workspace, today=today).submitted == 0


def test_the_dashboard_widget_shows_the_last_30_days_in_constant_queries(history, login, django_assert_max_num_queries):
    from dashboard.registry import get_widget

    widget = get_widget("advancing_trends")
    user = history.user(Role.GLADIATOR)
    figures = widget.figures(user, history.workspace)
    assert figures["submitted"] == 4 and figures["rejection_rate"] == 50.0
    for _ in range(5):
        make_advance(history, S.SUBMITTED)
    with django_assert_max_num_queries(3):
        assert widget.figures(user, history.workspace)["submitted"] == 9


def test_the_api_runs_the_analytics_reports(history, tenant_b, login):
    client = login(history.user(Role.GLADIATOR))
    body = {"workspace": history.workspace.pk, "params": {"by": "team"}}
    answer = client.post("/api/reports/templates/advancing-trends/run/", body, content_type="application/json")
    assert answer.status_code == 200, answer.content[:300]
    assert sum(row[3] for row in answer.json()["rows"]) == 4  # the advances column
    reasons = client.post(
        "/api/reports/templates/rejection-reasons/run/",
        {"workspace": history.workspace.pk},
        content_type="application/json",
    )
    assert reasons.status_code == 200 and reasons.json()["rows"][0][1] == 2
    outsider = login(tenant_b.user(Role.PHANTOM))
    refused = outsider.post("/api/reports/templates/rejection-reasons/run/", body, content_type="application/json")
    assert refused.status_code in (400, 403, 404) and refused["Content-Type"].startswith("application/json")
