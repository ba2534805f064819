"""How a domain event becomes rule runs.

`on_domain_event` hears every event after the commit (a rolled-back change runs no rule), finds the
enabled rules of the event's organization listening to it and queues one `run_automation` task per
rule (an outbox row: a broker outage loses nothing). The task calls `run()`, which writes the
`automation_usage_log` row, unique per (rule, event id): the same event twice runs a rule once.

The loop guard: while a rule's actions run, `_depth` says how deep in a chain of rules we are; an
event those actions publish is heard with that depth, and a run at MAX_DEPTH is stopped and logged.
A failing action is logged (result failed, the error) and never reaches the user's request: the
request committed before any rule ran.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dragonfly.celery import TRANSIENT_ERRORS
from dragonfly.core.events import DomainEvent, subscribe

from . import conditions
from .actions import REGISTRY, ActionError, RunContext, TransientActionError
from .models import FINISHED, AutomationRule, RunResult, UsageLog

log = logging.getLogger(__name__)

MAX_DEPTH = 3
RETRYABLE: tuple[type[BaseException], ...] = (TransientActionError, *TRANSIENT_ERRORS)
_depth = contextvars.ContextVar("dragonfly_automation_depth", default=0)


class RetryLater(Exception):
    """A transient failure: the task retries the run (with back-off)."""


@contextlib.contextmanager
def at_depth(depth: int) -> Iterator[None]:
    token = _depth.set(depth)
    try:
        yield
    finally:
        _depth.reset(token)


def current_depth() -> int:
    return _depth.get()


def event_id_of(event: DomainEvent) -> str:
    """The event's stable id: its activity entry when it wrote one, else a fresh one."""
    if event.entry_id is not None:
        return f"entry:{event.entry_id}:{event.name}"
    return f"event:{uuid.uuid4().hex}"


def rules_for(event_name: str, workspace_id: int):
    """Enabled rules listening to `event_name` in the workspace's organization (one query)."""
    return (
        AutomationRule.objects.filter(
            organization__workspaces__pk=workspace_id, enabled=True, trigger__event_name=event_name
        )
        .filter(Q(workspace__isnull=True) | Q(workspace_id=workspace_id))
        .order_by("pk")
    )


def payload_of(event: DomainEvent, event_id: str, depth: int) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "name": event.name,
        "model_label": event.model_label,
        "object_id": str(event.object_id),
        "actor_id": getattr(event.actor, "pk", None),
        "workspace_id": event.workspace_id,
        "data": _json_safe(event.data),
        "depth": depth,
    }


def _json_safe(data: Any) -> Any:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


DEPTH_KEY = "automation_depth"


@subscribe("*", in_transaction=True)
def stamp_depth(event: DomainEvent) -> None:
    """At publish time: an event published by a rule's action carries the chain's depth in its data
    (the after-commit delivery may run outside the rule's context)."""
    depth = current_depth()
    if depth:
        event.data[DEPTH_KEY] = depth


@subscribe("*")
def on_domain_event(event: DomainEvent) -> None:
    """After the commit: queue one run per matching rule (registered in AutomationsConfig.ready)."""
    if event.workspace_id is None:
        return
    rule_ids = list(rules_for(event.name, event.workspace_id).values_list("pk", flat=True))
    if not rule_ids:
        return
    from .tasks import run_automation

    event_id = event_id_of(event)
    payload = payload_of(event, event_id, int(event.data.get(DEPTH_KEY) or current_depth()))
    for rule_id in rule_ids:
        run_automation.delay(rule_id, event_id, payload)


def _load(payload: dict[str, Any]) -> tuple[Any, Any, Any]:
    from django.contrib.auth import get_user_model

    from dragonfly.tenancy.models import Workspace

    model = apps.get_model(payload["model_label"])
    obj = model._base_manager.filter(pk=payload["object_id"]).first()
    ws_id, actor_id = payload.get("workspace_id"), payload.get("actor_id")
    workspace = Workspace.objects.select_related("organization").filter(pk=ws_id).first() if ws_id else None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return obj, workspace, actor


def run(rule_id: int, event_id: str, payload: dict[str, Any], *, final_attempt: bool = True) -> UsageLog | None:
    """Run one rule for one event, once: the usage log row claims the (rule, event)."""
    rule = AutomationRule.objects.select_related("trigger", "created_by").filter(pk=rule_id).first()
    if rule is None:
        return None
    obj, workspace, actor = _load(payload)
    row = _claim(rule, event_id, payload, obj, workspace)
    if row is None or row.result in FINISHED:
        return row  # this event already ran this rule
    started = time.monotonic()
    depth = int(payload.get("depth") or 0)
    if depth >= MAX_DEPTH:
        return _finish(row, started, RunResult.LOOP_STOPPED, error=f"Loop guard: depth {depth} reached {MAX_DEPTH}.")
    if not rule.enabled:
        return _finish(row, started, RunResult.SKIPPED, error="The rule was disabled.")
    if obj is None:
        return _finish(row, started, RunResult.FAILED, error="The event's object no longer exists.")
    data = payload.get("data") or {}
    if not conditions.all_hold(rule.conditions, obj, data):
        return _finish(row, started, RunResult.SKIPPED)
    ctx = RunContext(rule, obj, data, payload["name"], event_id, workspace, actor)
    done: list[dict[str, Any]] = []
    try:
        with at_depth(depth + 1), transaction.atomic():
            for index, item in enumerate(rule.actions):
                handler = REGISTRY.get(item.get("action", ""))
                if handler is None:
                    raise ActionError(f"Unknown action {item.get('action')!r}.")
                summary = handler.run(ctx, item.get("params") or {}, index)
                done.append({"action": handler.key, "summary": str(summary)})
    except RETRYABLE as exc:
        if not final_attempt:
            UsageLog.objects.filter(pk=row.pk).update(error=_error(exc))
            raise RetryLater(_error(exc)) from exc
        return _finish(row, started, RunResult.FAILED, error=_error(exc), actions=done)
    except Exception as exc:  # a failing rule is logged; it never reaches the user's action
        log.warning("Automation rule %s failed on %s: %s", rule.pk, event_id, exc)
        failed = [*done, {"action": _action_at(rule, len(done)), "summary": "failed"}]
        return _finish(row, started, RunResult.FAILED, error=_error(exc), actions=failed)
    return _finish(row, started, RunResult.SUCCEEDED, actions=done)


def _action_at(rule: AutomationRule, index: int) -> str:
    return rule.actions[index].get("action", "") if index < len(rule.actions) else ""


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _claim(rule, event_id, payload, obj, workspace) -> UsageLog | None:
    """The run's log row: made once per (rule, event); a retry finds it still running."""
    defaults = {
        "organization_id": rule.organization_id,
        "workspace": workspace,
        "trigger_key": rule.trigger.key,
        "event_name": payload["name"],
        "model_label": payload["model_label"],
        "object_id": payload["object_id"],
        "object_repr": str(obj)[:200] if obj is not None else "",
        "depth": int(payload.get("depth") or 0),
    }
    try:
        with transaction.atomic():
            row, _created = UsageLog.objects.get_or_create(rule=rule, event_id=event_id, defaults=defaults)
    except IntegrityError:  # a second worker claimed it a moment ago
        claimed = UsageLog.objects.filter(rule=rule, event_id=event_id).first()
        if claimed is None:
            return None
        row = claimed
    if row.result not in FINISHED:
        row.attempts += 1
        UsageLog.objects.filter(pk=row.pk).update(attempts=row.attempts)
    return row


def _finish(row: UsageLog, started: float, result: str, *, error: str = "", actions=None) -> UsageLog:
    row.result = result
    row.error = error
    row.actions_run = actions or []
    row.duration_ms = int((time.monotonic() - started) * 1000)
    row.finished_at = timezone.now()
    row.save(update_fields=["result", "error", "actions_run", "duration_ms", "finished_at"])
    return row
