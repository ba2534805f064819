"""Budget alerts: the owner hears once when a line passes 80 % and once when it passes 100 %,
however many times the spending moves, however often the task runs."""

import pytest

from advancing import services as advancing
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from finance import services
from finance.notifications import send_budget_alerts

from .helpers import line, make_advance, make_budget

pytestmark = pytest.mark.django_db


def alerts():
    return list(
        Notification.objects.filter(kind="budget.alert").order_by("id").values_list("recipient__username", "dedupe_key")
    )


def test_the_owner_hears_at_80_and_100_percent_once_each(tenant_a, django_capture_on_commit_callbacks):
    owner = tenant_a.user(Role.AVIATOR)
    budget = make_budget(tenant_a, plan={"Technical": "1000"}, owner=owner)
    tech = budget.lines.get()
    ops = tenant_a.user(Role.GLADIATOR)

    with django_capture_on_commit_callbacks(execute=True):
        advancing.approve_advance(make_advance(tenant_a, budget.production, [line("Technical", 1, "700")]), actor=ops)
    assert alerts() == []
    with django_capture_on_commit_callbacks(execute=True):
        advancing.approve_advance(make_advance(tenant_a, budget.production, [line("Technical", 1, "150")]), actor=ops)
    assert alerts() == [(owner.username, f"budget-line:{tech.pk}:80")]
    with django_capture_on_commit_callbacks(execute=True):
        advancing.approve_advance(make_advance(tenant_a, budget.production, [line("Technical", 1, "10")]), actor=ops)
    assert len(alerts()) == 1  # still between 80 and 100: nothing new
    with django_capture_on_commit_callbacks(execute=True):
        advancing.approve_advance(make_advance(tenant_a, budget.production, [line("Technical", 1, "140")]), actor=ops)
    assert alerts() == [(owner.username, f"budget-line:{tech.pk}:80"), (owner.username, f"budget-line:{tech.pk}:100")]
    notification = Notification.objects.get(dedupe_key=f"budget-line:{tech.pk}:100")
    assert "over budget" in notification.title and notification.url == f"/finance/budget/{budget.pk}/"

    # The task runs again, the plan goes up and down: each alert stays delivered once.
    send_budget_alerts([tech.pk])
    assert len(alerts()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.save_line(budget, actor=ops, line=tech, category="Technical", planned_amount="5000")
        services.save_line(budget, actor=ops, line=tech, category="Technical", planned_amount="900")
    assert len(alerts()) == 2


def test_a_line_owner_hears_too_and_nobody_twice(tenant_a, django_capture_on_commit_callbacks):
    owner, line_owner = tenant_a.user(Role.AVIATOR), tenant_a.user(Role.GLADIATOR)
    budget = make_budget(tenant_a, plan={"Technical": "100"}, owner=owner)
    tech = budget.lines.get()
    services.save_line(
        budget, actor=line_owner, line=tech, category="Technical", planned_amount="100", owner=line_owner
    )
    with django_capture_on_commit_callbacks(execute=True):
        advancing.approve_advance(
            make_advance(tenant_a, budget.production, [line("Technical", 1, "100")]), actor=line_owner
        )
    assert sorted(alerts()) == sorted(
        [
            (owner.username, f"budget-line:{tech.pk}:80"),
            (owner.username, f"budget-line:{tech.pk}:100"),
            (line_owner.username, f"budget-line:{tech.pk}:80"),
            (line_owner.username, f"budget-line:{tech.pk}:100"),
        ]
    )


def test_an_alert_names_amounts_as_the_pages_do(tenant_a, django_capture_on_commit_callbacks):
    owner = tenant_a.user(Role.AVIATOR)
    budget = make_budget(tenant_a, plan={"Technical": "12000"}, owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        advancing.approve_advance(
            make_advance(tenant_a, budget.production, [line("Technical", 1, "13750.99")]),
            actor=tenant_a.user(Role.GLADIATOR),
        )
    alert = Notification.objects.get(kind="budget.alert", dedupe_key__endswith=":100")
    assert alert.body.startswith("USD 13,750.99 of USD 12,000.00 committed or spent")
