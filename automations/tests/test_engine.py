"""A rule hears its trigger after the commit, checks its conditions, runs its actions once, and logs
every run; a failing rule never costs the user their action, and a rule can't feed itself forever."""

from decimal import Decimal

import pytest

from advancing import services as advancing
from advancing.tests.helpers import lines, make_advance
from automations import actions as registry
from automations.engine import MAX_DEPTH, on_domain_event, run
from automations.models import ActionCatalog, RunResult, TriggerCatalog, UsageLog
from automations.tests.helpers import make_rule
from dragonfly.core.events import capture, publish
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_inline():
    from dragonfly.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


def automation_notes():
    return Notification.objects.filter(action="notify.users").select_related("recipient")


def test_the_catalogs_hold_the_spec_keys_and_one_trigger_per_domain_event(db):
    keys = set(TriggerCatalog.objects.values_list("key", flat=True))
    assert {"compvss.advance.submitted", "atlvs.advance.approved", "atlvs.advance.rejected"} <= keys
    assert {"production.moved", "po.approved", "incident.reported", "compliance.expiry_warning"} <= keys
    actions = set(ActionCatalog.objects.values_list("key", flat=True))
    assert {"atlvs.advance.review", "compvss.advance.notify_status", "notify.users", "task.create"} <= actions
    assert actions == set(registry.REGISTRY)  # every catalog action has its handler


def test_a_rule_fires_once_on_submission_and_notifies_the_chosen_role(tenant_a, django_capture_on_commit_callbacks):
    rule = make_rule(tenant_a)
    advance = make_advance(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        advancing.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))

    notes = list(automation_notes())
    assert [n.recipient for n in notes] == [tenant_a.user(Role.AVIATOR)]
    assert notes[0].title == f"Check {advance}"
    assert notes[0].trigger == "compvss.advance.submitted"
    run_row = UsageLog.objects.get()
    assert (run_row.rule, run_row.result, run_row.object_id) == (rule, RunResult.SUCCEEDED, str(advance.pk))
    assert run_row.trigger_key == "compvss.advance.submitted"
    assert run_row.actions_run[0]["action"] == "notify.users"
    assert run_row.duration_ms is not None and run_row.error == ""


def test_a_condition_that_does_not_hold_runs_nothing(tenant_a, django_capture_on_commit_callbacks):
    make_rule(tenant_a, conditions=[{"field": "estimated_cost", "op": "gt", "value": "5000"}])
    cheap = make_advance(tenant_a, items=lines(("Stagehands", 1, "100")))
    dear = make_advance(tenant_a, items=lines(("Stage", 1, "9000")), activation="Big stage")
    with django_capture_on_commit_callbacks(execute=True):
        advancing.submit_advance(cheap, actor=tenant_a.user(Role.DEVIATOR))
    assert not automation_notes().exists()
    assert UsageLog.objects.get().result == RunResult.SKIPPED

    with django_capture_on_commit_callbacks(execute=True):
        advancing.submit_advance(dear, actor=tenant_a.user(Role.DEVIATOR))
    assert dear.estimated_cost > Decimal("5000")
    assert automation_notes().count() == 1


def test_a_failing_action_is_logged_and_the_users_action_still_succeeds(tenant_a, django_capture_on_commit_callbacks):
    # A task on an advance without a production can't be made: the action fails.
    make_rule(tenant_a, actions=[{"action": "task.create", "params": {"message": "Follow up {object}"}}])
    advance = make_advance(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        advancing.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    advance.refresh_from_db()
    assert advance.status == "submitted"
    row = UsageLog.objects.get()
    assert row.result == RunResult.FAILED
    assert "no production" in row.error
    assert row.actions_run == [{"action": "task.create", "summary": "failed"}]


def test_the_same_event_twice_runs_the_rule_once(tenant_a):
    make_rule(tenant_a)
    advance = make_advance(tenant_a)
    with capture() as events:
        advancing.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    submitted = next(e for e in events if e.name == "advance.submitted")
    on_domain_event(submitted)
    on_domain_event(submitted)
    assert UsageLog.objects.count() == 1
    assert automation_notes().count() == 1
    assert UsageLog.objects.get().attempts == 1


def test_a_disabled_rule_or_another_organizations_rule_does_not_run(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
):
    make_rule(tenant_a, enabled=False)
    make_rule(tenant_b)
    advance = make_advance(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        advancing.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    assert not UsageLog.objects.exists()


@pytest.fixture
def echo_action():
    """An action that publishes its own trigger again: a rule that triggers itself."""

    def echo(ctx, params, index):
        publish("advance.submitted", ctx.obj, workspace=ctx.workspace, data={})
        return "echoed"

    registry.register(registry.Action("test.echo", lambda p, r: {}, lambda c, p: "echo", echo))
    yield
    registry.REGISTRY.pop("test.echo")


def test_the_loop_guard_stops_a_rule_that_triggers_itself(tenant_a, echo_action, django_capture_on_commit_callbacks):
    rule = make_rule(tenant_a, actions=[{"action": "notify.users", "params": {"roles": [4], "message": "x"}}])
    rule.actions = [{"action": "test.echo", "params": {}}]
    rule.save()
    advance = make_advance(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        advancing.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))
    runs = list(UsageLog.objects.order_by("depth"))
    assert [r.depth for r in runs] == list(range(MAX_DEPTH + 1))
    assert [r.result for r in runs] == [RunResult.SUCCEEDED] * MAX_DEPTH + [RunResult.LOOP_STOPPED]
    advance.refresh_from_db()
    assert advance.status == "submitted"


def test_a_transient_failure_is_retried(tenant_a, monkeypatch):
    calls = []

    def flaky(ctx, params, index):
        calls.append(1)
        if len(calls) == 1:
            raise registry.TransientActionError("mail server away")
        return "sent"

    registry.register(registry.Action("test.flaky", lambda p, r: {}, lambda c, p: "", flaky))
    try:
        rule = make_rule(tenant_a)
        rule.actions = [{"action": "test.flaky", "params": {}}]
        rule.save()
        advance = make_advance(tenant_a)
        from automations.tasks import run_automation

        payload = {
            "event_id": "e1",
            "name": "advance.submitted",
            "model_label": "advancing.advance",
            "object_id": str(advance.pk),
            "workspace_id": tenant_a.workspace.pk,
            "data": {},
            "depth": 0,
        }
        run_automation.delay(rule.pk, "e1", payload)
    finally:
        registry.REGISTRY.pop("test.flaky")
    row = UsageLog.objects.get()
    assert (row.result, row.attempts, len(calls)) == (RunResult.SUCCEEDED, 2, 2)


def test_a_run_logs_a_deleted_object_as_failed(tenant_a):
    rule = make_rule(tenant_a)
    payload = {
        "name": "advance.submitted",
        "model_label": "advancing.advance",
        "object_id": "999999",
        "workspace_id": tenant_a.workspace.pk,
        "data": {},
        "depth": 0,
    }
    row = run(rule.pk, "gone", payload)
    assert row.result == RunResult.FAILED
