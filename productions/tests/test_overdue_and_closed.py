"""One meaning of "overdue" for the health card, the task list and the score; a production can go
back from "In production" like the other phases; a completed production's health says what it means."""

import datetime
import re

import pytest
from django.urls import reverse

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from productions.models import Milestone, Production, ProductionStatus, Task
from productions.services import calculate_production_health, move_production, refresh_production_health

from .helpers import make_production

pytestmark = pytest.mark.django_db
S = ProductionStatus


def plain(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_late_high_priority_task_counts_as_overdue_on_the_card_the_list_and_in_the_score(tenant_a, login):
    production = make_production(tenant_a)
    yesterday = local_today(production.workspace) - datetime.timedelta(days=1)
    late = Task.objects.create(production=production, title="Book hotel", due_date=yesterday, priority="high")
    Task.objects.create(production=production, title="Done late", due_date=yesterday, status="done")
    today = local_today(production.workspace)

    assert list(Task.objects.filter(production=production).overdue(today)) == [late]
    assert late.is_overdue(today)
    factors = {f.key: f for f in calculate_production_health(production).factors}
    assert factors["overdue_tasks"].count == 1
    assert factors["overdue_tasks"].detail == "1 open task past its due date (1 of them high priority)"
    assert factors["overdue_tasks"].points == -3 and factors["overdue_urgent_tasks"].points == -5

    refresh_production_health(production.pk)
    client = login(tenant_a.user(Role.GLADIATOR))
    card = plain(client.get(reverse("productions:detail", args=[production.pk])))
    assert "Overdue tasks 1 open task past its due date" in card
    assert "No overdue tasks" not in card
    tasks = client.get(reverse("productions:tasks", args=[production.pk])).content.decode()
    assert tasks.count('<span class="badge overdue">Overdue</span>') == 1


def test_in_production_can_go_back_to_pre_production(tenant_a):
    production = make_production(tenant_a, status=S.IN_PRODUCTION)
    moved = move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status=S.PRE_PRODUCTION)
    assert moved.status == S.PRE_PRODUCTION


def test_a_completed_production_has_no_score_and_says_why(tenant_a, login):
    production = make_production(tenant_a, status=S.POST_PRODUCTION)
    Milestone.objects.create(production=production, title="Settle invoices", due_date=datetime.date(2020, 1, 1))
    refresh_production_health(production.pk)
    assert Production.objects.get(pk=production.pk).health_score is not None

    move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status=S.COMPLETED)
    refresh_production_health(production.pk)
    production.refresh_from_db()
    assert production.health_score is None and production.health_factors == []

    page = plain(login(tenant_a.user(Role.GLADIATOR)).get(reverse("productions:detail", args=[production.pk])))
    assert "This production is completed, so it is no longer scored." in page
    assert "1 milestone left open when it closed" in page
    assert "overdue" not in page.lower()


def test_the_api_says_a_completed_production_has_no_score(tenant_a, client):
    production = make_production(tenant_a, status=S.COMPLETED)
    client.force_login(tenant_a.user(Role.GLADIATOR))
    response = client.get(f"/api/productions/{production.pk}/health/")
    assert response.status_code == 200
    assert response.json() == {"score": None, "factors": []}
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]["ProductionHealth"]
    assert schema["properties"]["score"].get("nullable") is True
