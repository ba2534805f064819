"""Tasks and compliance items move through the core transition engine: the table decides, a
refusal reads the engine's way and changes nothing, every move is one activity entry with its
from and to, and a domain event tells whoever listens."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.events import capture
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from productions.errors import InvalidTransition
from productions.models import TASK_TRANSITIONS, ComplianceItem, ComplianceStatus, Task, TaskStatus
from productions.services import create_task, move_production, move_task, update_compliance_item, update_task
from productions.tasks import check_compliance

from .helpers import make_production

pytestmark = pytest.mark.django_db
T = TaskStatus


def test_a_done_task_cannot_be_blocked_and_nothing_changes(tenant_a):
    navigator = tenant_a.user(Role.NAVIGATOR)
    task = Task.objects.create(production=make_production(tenant_a), title="Book hotel", status=T.DONE)
    assert T.BLOCKED not in TASK_TRANSITIONS[T.DONE]
    entries = ActivityEntry.objects.count()
    with pytest.raises(InvalidTransition) as refused:
        move_task(task, actor=navigator, to_status=T.BLOCKED)
    assert str(refused.value) == "This task is already done; it can't be moved to blocked."
    task.refresh_from_db()
    assert task.status == T.DONE and ActivityEntry.objects.count() == entries
    with pytest.raises(InvalidTransition, match="This task is already in progress."):
        move_task(
            Task.objects.create(production=task.production, title="Quote", status=T.IN_PROGRESS),
            actor=navigator,
            to_status=T.IN_PROGRESS,
        )


def test_a_task_move_is_one_entry_and_one_event(tenant_a):
    navigator = tenant_a.user(Role.NAVIGATOR)
    task = Task.objects.create(production=make_production(tenant_a), title="Book hotel")
    with capture() as events:
        moved = move_task(task, actor=navigator, to_status=T.DONE, note="Booked")
    assert moved.status == task.status == T.DONE and task.completed_at is not None
    entry = ActivityEntry.objects.for_object(task).get()
    assert (entry.verb, entry.from_state, entry.to_state, entry.note) == ("task.moved", "todo", "done", "Booked")
    assert entry.workspace == tenant_a.workspace
    assert [(e.name, e.data) for e in events] == [("task.moved", {"from": "todo", "to": "done"})]
    reopened = move_task(task, actor=navigator, to_status=T.TODO)
    assert reopened.completed_at is None


def test_who_may_move_a_task(tenant_a):
    task = Task.objects.create(production=make_production(tenant_a), title="Book hotel")
    with pytest.raises(PermissionDenied):
        move_task(task, actor=tenant_a.user(Role.PASSENGER), to_status=T.DONE)
    assert Task.objects.get(pk=task.pk).status == T.TODO


def test_assigning_a_task_tells_the_assignee_through_the_event(tenant_a, django_capture_on_commit_callbacks):
    navigator, raider = tenant_a.user(Role.NAVIGATOR), tenant_a.user(Role.RAIDER)
    production = make_production(tenant_a)
    with django_capture_on_commit_callbacks(execute=True), capture() as events:
        task = create_task(production, actor=navigator, title="Print passes")
        update_task(task, actor=navigator, assignee=raider)
    assert [e.name for e in events] == ["task.assigned"]
    note = Notification.objects.get(kind="task.assigned")
    assert note.recipient == raider and note.title == "Task for you: Print passes"


def test_a_production_move_publishes_its_event(tenant_a):
    production = make_production(tenant_a)
    with capture() as events:
        move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status="planning")
    assert [(e.name, e.obj, e.data) for e in events] == [
        ("production.moved", production, {"from": "concept", "to": "planning"})
    ]


def test_a_compliance_edit_that_changes_the_status_is_one_move(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)
    item = ComplianceItem.objects.create(production=make_production(tenant_a), title="Noise permit")
    with capture() as events:
        update_compliance_item(item, actor=gladiator, status="submitted", reference="NP-7")
    item.refresh_from_db()
    assert (item.status, item.reference) == ("submitted", "NP-7")
    entry = ActivityEntry.objects.for_object(item).get()
    assert (entry.verb, entry.from_state, entry.to_state) == ("compliance.edited", "required", "submitted")
    assert entry.data["fields"] == ["reference", "status"] and entry.data["changes"] == {"reference": ["", "NP-7"]}
    assert [e.name for e in events] == ["compliance.edited"]
    with capture() as events:  # an edit that leaves the status alone is no move
        update_compliance_item(item, actor=gladiator, notes="Filed at city hall")
    assert events == []
    entry = ActivityEntry.objects.for_object(item).first()
    assert (entry.verb, entry.from_state, entry.to_state) == ("compliance.edited", "", "")


def test_the_nightly_check_moves_items_by_their_dates_without_an_actor(tenant_a, django_capture_on_commit_callbacks):
    now = datetime.datetime(2027, 3, 1, 0, 5, tzinfo=datetime.UTC)
    production = make_production(tenant_a, production_manager=tenant_a.user(Role.GLADIATOR))
    item = ComplianceItem.objects.create(
        production=production, title="Insurance", status="approved", expires_on=now.date() + datetime.timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True), capture() as events:
        check_compliance.delay(now.isoformat()).get()
    assert [e.name for e in events] == ["compliance.status_updated", "compliance.expiry_warning"]
    item.refresh_from_db()
    assert item.status == ComplianceStatus.EXPIRING and item.expiry_warning.startswith("7:")
    moved = ActivityEntry.objects.get(verb="compliance.status_updated")
    assert (moved.actor, moved.from_state, moved.to_state) == (None, "approved", "expiring")
    assert Notification.objects.filter(kind="compliance.expiring").count() == 1
