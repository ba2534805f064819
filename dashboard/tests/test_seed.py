"""The demo's workspaces come with a default dashboard per role, populated; a second run adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dashboard.models import Dashboard, DashboardWidget
from dashboard.services import layout_for
from dragonfly.tenancy.models import Workspace

pytestmark = pytest.mark.django_db


def test_demo_default_dashboards_per_role(client, seeded_demo):
    counts = Dashboard.objects.count(), DashboardWidget.objects.count()
    assert counts[0] == 4 * 6  # four demo workspaces, everyone + five roles
    call_command("seed_dashboard_demo", stdout=io.StringIO())
    assert (Dashboard.objects.count(), DashboardWidget.objects.count()) == counts

    tour = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    users = get_user_model().objects
    crew = users.get(username="northstar-raider")
    seen = layout_for(crew, tour)
    assert seen.source == "role" and seen.keys == ["my_advances", "my_work", "upcoming", "expiring_certifications"]
    manager = users.get(username="northstar-gladiator")
    assert layout_for(manager, tour).keys[:3] == ["review_queue", "production_health", "budget_burn"]

    # what a manager sees first is populated: a queue, money planned, productions to watch
    client.force_login(manager)
    figures = client.get(f"/api/workspaces/{tour.pk}/dashboard").json()["figures"]
    assert figures["review_queue"]["waiting"] > 0
    assert float(figures["budget_burn"]["planned"]) > 0
    assert figures["production_health"]["open"] > 0
    client.force_login(crew)
    figures = client.get(f"/api/workspaces/{tour.pk}/dashboard").json()["figures"]
    assert figures["my_advances"]["total"] > 0
