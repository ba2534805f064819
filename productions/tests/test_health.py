"""The health score: each factor, its cap, the refresh on change and by the hourly task."""

import datetime

import pytest

from dragonfly.tenancy.roles import Role
from productions.models import ComplianceItem, Milestone, Production, Task
from productions.services import calculate_production_health, create_task, move_task, refresh_production_health
from productions.tasks import refresh_all_production_health

from .helpers import make_production

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 1)
PAST = TODAY - datetime.timedelta(days=2)


def factors(production):
    report = calculate_production_health(production, today=TODAY)
    return report.score, {f.key: f for f in report.factors}


def test_a_production_with_nothing_late_is_at_100(tenant_a):
    production = make_production(tenant_a)
    Milestone.objects.create(production=production, title="Later", due_date=TODAY)  # due today: not late
    Task.objects.create(production=production, title="Done late", due_date=PAST, status="done")
    score, found = factors(production)
    assert score == 100 and all(f.points == 0 for f in found.values())
    # no budget in finance: nothing taken off, and it says so (finance registers the factor)
    assert found["budget_variance"].detail == "No budget set for this production"


def test_each_factor_takes_its_points_and_says_why(tenant_a):
    production = make_production(tenant_a)
    Milestone.objects.create(production=production, title="Permits filed", due_date=PAST)
    Task.objects.bulk_create(
        [
            Task(production=production, title="Quote", due_date=PAST),
            Task(production=production, title="Hotel", due_date=PAST, priority="urgent"),
            Task(production=production, title="Truck", status="blocked"),
        ]
    )
    ComplianceItem.objects.create(production=production, title="Noise permit", required_by=TODAY)
    ComplianceItem.objects.create(production=production, title="Insurance", status="expired")
    ComplianceItem.objects.create(
        production=production, title="Fire plan", required_by=TODAY + datetime.timedelta(days=60)
    )  # not needed soon: no gap yet
    score, found = factors(production)
    assert found["overdue_milestones"].points == -10
    # both late tasks are overdue; the urgent one takes extra points on its own line
    assert found["overdue_tasks"].count == 2 and found["overdue_tasks"].points == -6
    assert found["overdue_urgent_tasks"].count == 1 and found["overdue_urgent_tasks"].points == -5
    assert found["blocked_tasks"].points == -2
    assert found["compliance_gaps"].points == -16 and "1 expired" in found["compliance_gaps"].detail
    assert "Noise permit" in found["compliance_gaps"].detail
    assert score == 100 - 10 - 6 - 5 - 2 - 16 == 61


def test_factors_are_capped_so_one_area_cannot_hide_the_others(tenant_a):
    production = make_production(tenant_a)
    Milestone.objects.bulk_create([Milestone(production=production, title=f"M{i}", due_date=PAST) for i in range(9)])
    Task.objects.bulk_create([Task(production=production, title=f"T{i}", due_date=PAST) for i in range(20)])
    score, found = factors(production)
    assert found["overdue_milestones"].points == -30 and found["overdue_tasks"].points == -25
    assert score == 45


def test_budget_variance_counts_from_finance(tenant_a, monkeypatch):
    monkeypatch.setattr("finance.extensions.get_budget_variance", lambda production: {"variance_percent": "12.5"})
    score, found = factors(make_production(tenant_a))
    assert found["budget_variance"].points == -6 and "12.5 % over budget" in found["budget_variance"].detail
    assert score == 94


def test_a_factor_another_module_registers_counts_after_the_built_in_ones(tenant_a, monkeypatch):
    from productions import extensions

    monkeypatch.setattr(extensions, "_health_factors", dict(extensions._health_factors))
    extensions.register_health_factor(
        "late_trucks", lambda production, today: extensions.Factor("late_trucks", "Late trucks", 2, -4, "2 late")
    )
    score, found = factors(make_production(tenant_a))
    keys = [f.key for f in calculate_production_health(make_production(tenant_a, "Other"), today=TODAY).factors]
    assert keys[:5] == [
        "overdue_milestones",
        "overdue_tasks",
        "overdue_urgent_tasks",
        "blocked_tasks",
        "compliance_gaps",
    ]
    assert set(keys[5:]) == {"budget_variance", "late_trucks"}
    assert found["late_trucks"].points == -4 and score == 96


def test_the_score_is_refreshed_when_its_inputs_change(tenant_a, django_capture_on_commit_callbacks):
    gladiator = tenant_a.user(Role.GLADIATOR)
    production = make_production(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        task = create_task(production, actor=gladiator, title="Quote", due_date=datetime.date(2020, 1, 1))
    production.refresh_from_db()
    assert production.health_score == 97
    assert production.health_factors[1]["key"] == "overdue_tasks" and production.health_factors[1]["count"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        move_task(task, actor=gladiator, to_status="done")
    production.refresh_from_db()
    assert production.health_score == 100


def test_the_hourly_task_refreshes_open_productions_and_is_safe_to_repeat(tenant_a):
    open_one = make_production(tenant_a, "Open")
    closed = make_production(tenant_a, "Closed", status="completed")
    Task.objects.create(production=open_one, title="Late", due_date=datetime.date(2020, 1, 1))
    assert refresh_all_production_health.delay().get() == 1
    assert refresh_all_production_health.delay().get() == 1
    assert Production.objects.get(pk=open_one.pk).health_score == 97
    assert Production.objects.get(pk=closed.pk).health_score is None
    assert refresh_production_health(999999) is None  # a deleted production is simply skipped


def test_another_modules_factor_is_worded_when_the_page_renders_if_it_registered_its_words(tenant_a, monkeypatch):
    from productions import extensions
    from productions.services.health import factor_text

    monkeypatch.setattr(extensions, "_health_factors", dict(extensions._health_factors))
    monkeypatch.setattr(extensions, "_factor_words", {})
    extensions.register_health_factor(
        "late_trucks",
        lambda production, today: extensions.Factor("late_trucks", "Late trucks", 2, -4, "2 late", {"depot": "Hall B"}),
        words=lambda count, facts: ("Trucks running late", f"{count} late at {facts['depot']}"),
    )
    stored = {f["key"]: f for f in calculate_production_health(make_production(tenant_a), today=TODAY).as_json()}
    assert stored["late_trucks"]["detail"] == "2 late"  # as computed, for the API
    assert factor_text(stored["late_trucks"])["detail"] == "2 late at Hall B"  # worded again for the page
    assert factor_text(stored["budget_variance"]) == stored["budget_variance"]  # no words registered: as stored
