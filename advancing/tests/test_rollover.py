"""Rolling a festival edition's advances over to next year's workspace: copied once as drafts, a second
run copies nothing new, another organization's workspace is refused, the requester is told."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from advancing.models import Advance, AdvanceStatus, Rollover, RolloverCopy, RolloverStatus
from advancing.rollover import request_rollover
from advancing.tests.helpers import catalog_item, make_advance, text
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from productions.models import Production

pytestmark = pytest.mark.django_db
S = AdvanceStatus
R = Role


@pytest.fixture
def edition(tenant_a):
    """This year's festival (tenant_a.workspace) with four advances; next year's is other_workspace,
    where the festival manager may create advances too."""
    manager = tenant_a.user(R.GLADIATOR)
    make_member(R.GLADIATOR, tenant_a.org, tenant_a.other_workspace, user=manager)
    pa = catalog_item("ZZT-2001", "Line Array PA System")
    gone = catalog_item("ZZT-2002", "Old follow spot")
    day = datetime.date(2026, 7, 10)
    this_year = Production.objects.create(workspace=tenant_a.workspace, name="Main Stage", start_date=day)
    Production.objects.create(workspace=tenant_a.other_workspace, name="Main Stage", start_date=day.replace(year=2025))
    next_year = Production.objects.create(
        workspace=tenant_a.other_workspace, name="Main Stage", start_date=day + datetime.timedelta(days=364)
    )
    lines = [
        {"catalog_item": pa, "quantity": Decimal("2"), "unit_cost": Decimal("1500"), "notes": "delay towers"},
        {"catalog_item": gone, "quantity": Decimal("1"), "unit_cost": Decimal("300")},
    ]
    approved = make_advance(tenant_a, S.APPROVED, items=lines, activation="Main stage PA")
    Advance.objects.filter(pk=approved.pk).update(production=this_year)
    draft = make_advance(tenant_a, S.DRAFT, activation="Catering")
    side = Production.objects.create(workspace=tenant_a.workspace, name="Side Stage")
    Advance.objects.filter(pk=draft.pk).update(production=side)
    cancelled = make_advance(tenant_a, S.CANCELLED, activation="Fireworks")
    only_gone = make_advance(tenant_a, S.SUBMITTED, items=lines[1:], activation="Spots")
    gone.enabled = False
    gone.save()
    return {
        "manager": manager,
        "advances": {"approved": approved, "draft": draft, "cancelled": cancelled, "only_gone": only_gone},
        "next_year": next_year,
    }


def roll(client, tenant, shift="364"):
    url = reverse("advancing:rollover_start", args=[tenant.org.slug, tenant.workspace.slug])
    return client.post(url, {"target": tenant.other_workspace.pk, "shift_days": shift})


def test_a_festival_edition_is_rolled_over_once(tenant_a, edition, login, django_capture_on_commit_callbacks):
    client = login(edition["manager"])
    form = client.get(reverse("advancing:rollover_start", args=[tenant_a.org.slug, tenant_a.workspace.slug]))
    assert form.status_code == 200 and tenant_a.other_workspace.name in text(form)
    with django_capture_on_commit_callbacks(execute=True):
        response = roll(client, tenant_a)
    rollover = Rollover.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("advancing:rollover", args=[rollover.pk])
    assert rollover.status == RolloverStatus.DONE and rollover.copied == 2
    reasons = {s["advance"]: s["reason"] for s in rollover.skipped}
    assert reasons == {
        edition["advances"]["cancelled"].pk: "It was cancelled.",
        edition["advances"]["only_gone"].pk: "None of its lines is still offered in the catalog.",
    }
    copies = {c.source_id: c.copy for c in RolloverCopy.objects.select_related("copy__production")}
    pa = copies[edition["advances"]["approved"].pk]
    assert pa.workspace == tenant_a.other_workspace and pa.status == S.DRAFT and pa.submitter == edition["manager"]
    assert pa.production == edition["next_year"]  # of two "Main Stage"s, the one 364 days on
    assert [(i.name, i.quantity, i.notes, i.quantity_fulfilled) for i in pa.items.all()] == [
        ("Line Array PA System", Decimal("2"), "delay towers", 0)
    ]
    catering = copies[edition["advances"]["draft"].pk]
    assert catering.production is None  # no "Side Stage" next year: left unset, and said so
    notes = " ".join(n["note"] for n in rollover.notes)
    assert "Side Stage" in notes and "Old follow spot" in notes

    page = client.get(reverse("advancing:rollover", args=[rollover.pk]))
    assert 'data-testid="copied">2<' in text(page) and 'data-testid="skipped">2<' in text(page)
    note = Notification.objects.get(recipient=edition["manager"], kind="advance.rollover")
    assert note.url == reverse("advancing:rollover", args=[rollover.pk]) and "2 advances" in note.body

    with django_capture_on_commit_callbacks(execute=True):
        roll(client, tenant_a)  # the same edition again
    again = Rollover.objects.order_by("-pk").first()
    assert again.status == RolloverStatus.DONE and again.copied == 0
    assert sum("Already rolled over" in s["reason"] for s in again.skipped) == 2
    assert Advance.objects.filter(workspace=tenant_a.other_workspace).count() == 2


def test_the_task_run_twice_copies_nothing_twice(tenant_a, edition, django_capture_on_commit_callbacks):
    from advancing.tasks import roll_over_advances

    with django_capture_on_commit_callbacks(execute=True):
        rollover = request_rollover(
            tenant_a.workspace, actor=edition["manager"], target_workspace=tenant_a.other_workspace
        )
    Rollover.objects.filter(pk=rollover.pk).update(status=RolloverStatus.QUEUED)  # as if the relay sent it again
    roll_over_advances(rollover.pk)
    assert RolloverCopy.objects.count() == 2
    assert Advance.objects.filter(workspace=tenant_a.other_workspace).count() == 2


def test_a_workspace_of_another_organization_is_refused(tenant_a, tenant_b, edition):
    make_member(R.GLADIATOR, tenant_b.org, tenant_b.workspace, user=edition["manager"])
    client = APIClient()
    client.force_authenticate(edition["manager"])
    body = {"source_workspace_id": tenant_a.workspace.pk, "target_workspace_id": tenant_b.workspace.pk}
    response = client.post("/api/advancing/rollovers", body, format="json")
    assert response.status_code == 400 and "same organization" in response.json()["detail"]
    assert not Rollover.objects.exists() and not Advance.objects.filter(workspace=tenant_b.workspace).exists()


def test_who_may_not_create_advances_in_the_target_is_refused(tenant_a, edition, login):
    navigator = tenant_a.user(R.NAVIGATOR)
    make_member(R.PASSENGER, tenant_a.org, tenant_a.other_workspace, user=navigator)
    client = login(navigator)
    assert roll(client, tenant_a).status_code == 403
    api = APIClient()
    api.force_authenticate(navigator)
    body = {"source_workspace_id": tenant_a.workspace.pk, "target_workspace_id": tenant_a.other_workspace.pk}
    assert api.post("/api/advancing/rollovers", body, format="json").status_code == 403
    assert not Rollover.objects.exists()


def test_a_roll_over_is_started_and_read_through_the_api(
    tenant_a, tenant_b, edition, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.force_authenticate(edition["manager"])
    body = {"source_workspace_id": tenant_a.workspace.pk, "target_workspace_id": tenant_a.other_workspace.pk}
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/advancing/rollovers", body | {"shift_days": 364}, format="json")
    assert started.status_code == 202 and started.json()["status"] == "queued"
    status = client.get(f"/api/advancing/rollovers/{started.json()['id']}")
    assert status.status_code == 200 and status.json()["status"] == "done" and status.json()["copied"] == 2
    assert client.get("/api/advancing/rollovers").json()["count"] == 1
    stranger = APIClient()
    stranger.force_authenticate(tenant_b.user(R.GLADIATOR))
    assert stranger.get(f"/api/advancing/rollovers/{started.json()['id']}").status_code == 404
    assert stranger.get("/api/advancing/rollovers").json()["count"] == 0
