"""Transactional outbox: the intent to run a task is a row written with the change, relayed until it lands.

Why: a task queued on commit with `.delay()` is lost, and the request fails with a 500 after its
change was saved, whenever the broker is unreachable at that moment. Here, instead:

1. `enqueue()` writes an `OutboxMessage` (task name, arguments, an idempotency key) in the
   caller's transaction: the intent commits or rolls back with the change, never half of it;
2. on commit, `kick()` relays that row at once (best effort: a broker error is logged and
   recorded on the row, never raised into the request);
3. beat runs `relay_outbox` every minute: due rows go to the broker, failures wait with
   exponential back-off (`backoff()`), until the broker accepts each message.

The relay hands a row over at least once (it marks the row after the broker took the message;
a crash in between sends it again), so the tasks it carries are idempotent: the email task
claims, sends with a stable Message-ID, and marks (see tasks.email_notification).

With no broker (the first run: `task_always_eager`), the relay runs the task in-process at once,
exactly as `.delay()` did before, errors included.

Tasks opt in with `@shared_task(base=OutboxTask)`: their `.delay()` and `.delay_on_commit()` go
through the outbox, so every existing call site becomes durable without changing.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from celery import Task
from django.db import IntegrityError, transaction
from django.utils import timezone

from dragonfly.celery import DragonflyTask
from dragonfly.core.events import is_quiet

from .models import OutboxMessage

log = logging.getLogger(__name__)

BACKOFF_BASE = datetime.timedelta(seconds=5)
BACKOFF_MAX = datetime.timedelta(minutes=5)
KEEP_DELIVERED = datetime.timedelta(days=7)


def backoff(attempts: int) -> datetime.timedelta:
    """5 s, 10 s, 20 s, … capped at 5 minutes: a long outage costs at most 5 minutes after it ends."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def enqueue(
    task: Task | str,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    *,
    key: str | None = None,
    not_before: datetime.datetime | None = None,
) -> OutboxMessage:
    """Write the intent to run `task(*args, **kwargs)` in the current transaction; returns its row.

    `key` makes it idempotent: a second enqueue with the same key finds the first row. Arguments
    must be JSON-safe (primary keys, ISO dates), as Celery's own serializer already demands.
    `not_before` holds the row back until then (the relay skips rows not yet due)."""
    name = task if isinstance(task, str) else task.name
    key = key or f"{name}:{uuid.uuid4().hex}"
    defaults = {"task_name": name, "args": list(args), "kwargs": dict(kwargs or {})}
    if not_before is not None:
        defaults["next_attempt_at"] = not_before
    try:
        with transaction.atomic():
            row, _ = OutboxMessage.objects.get_or_create(key=key, defaults=defaults)
    except IntegrityError:  # a concurrent enqueue of the same key won
        row = OutboxMessage.objects.get(key=key)
    return row


def enqueue_many(task: Task | str, calls: Sequence[tuple[Sequence[Any], str]]) -> list[OutboxMessage]:
    """`enqueue` for many calls of one task, each (args, key), in two queries whatever their number
    (a broadcast to a crew of 500 writes 500 intents): a key already written keeps its row."""
    name = task if isinstance(task, str) else task.name
    if not calls:
        return []
    rows = [OutboxMessage(key=key, task_name=name, args=list(args), kwargs={}) for args, key in calls]
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)  # a concurrent writer's row stands
    return list(OutboxMessage.objects.filter(key__in=[key for _, key in calls]))


def coalesce(
    task: Task | str, args: Sequence[Any], *, key: str, window: datetime.timedelta, at: datetime.datetime
) -> OutboxMessage:
    """One run of `task(*args, window_start)` for everything that happens under `key` within one
    `window` (a batch, not a notification per happening): the first happening of a window writes a
    row due when the window closes, the later ones find that row. `at` is when this one happened;
    the task is given the window's start (ISO) and reads what happened from then to start + window."""
    seconds = int(window.total_seconds())
    start = datetime.datetime.fromtimestamp(int(at.timestamp()) // seconds * seconds, tz=datetime.UTC)
    return enqueue(task, [*args, start.isoformat()], key=f"{key}:{start:%Y%m%dT%H%M%S}", not_before=start + window)


def kick(ids: Iterable[int]) -> int:
    """Relay these rows now, once the change committed. Never raises into the request when a
    broker is configured: a failure is on the row, and the beat sweep retries it."""
    ids = list(ids)
    if _eager():
        # No broker, so no beat sweep either: batches whose window has closed go out with this relay.
        held = OutboxMessage.objects.filter(attempts=0, delivered_at__isnull=True, next_attempt_at__lte=timezone.now())
        return relay([*ids, *held.values_list("pk", flat=True)])  # in-process; errors propagate as a call's would
    try:
        return relay(ids)
    except Exception:
        log.warning("Outbox: relaying %s after commit failed; the sweep will retry", ids, exc_info=True)
        return 0


def kick_on_commit(row: OutboxMessage) -> None:
    transaction.on_commit(lambda: kick([row.pk]))


def relay(ids: Iterable[int] | None = None, *, limit: int = 500) -> int:
    """Hand due rows (all of them, or those of `ids`) to the broker; returns how many it took.

    Concurrent relays (a kick and the sweep, two sweeps) never hand the same row twice: each
    locks its rows with SKIP LOCKED on PostgreSQL. SQLite has no row locks, but with SQLite
    there is no broker either: tasks run in-process."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(delivered_at__isnull=True, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    if _eager():
        rows = list(due.order_by("id")[:limit])
        for row in rows:
            _run_in_process(row)
        return len(rows)
    sent = 0
    with transaction.atomic():
        rows = list(due.select_for_update(skip_locked=True).order_by("next_attempt_at", "id")[:limit])
        for index, row in enumerate(rows):
            try:
                _publish(row)
            except Exception as exc:
                # The broker is away: record it on this row and the rest, try them later.
                _postpone(rows[index:], exc)
                log.warning("Outbox: broker refused %s (%s); %d row(s) wait", row.task_name, exc, len(rows) - index)
                break
            row.delivered_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["delivered_at", "attempts"])
            sent += 1
    return sent


def run_now(row: OutboxMessage) -> Any:
    """In-process delivery of one row (no broker): the task's result, as `.delay()` gave it."""
    return _run_in_process(row)


def purge_delivered(older_than: datetime.timedelta = KEEP_DELIVERED) -> int:
    deleted, _ = OutboxMessage.objects.filter(delivered_at__lt=timezone.now() - older_than).delete()
    return deleted


class OutboxTask(DragonflyTask):
    """A task whose `.delay()` / `.delay_on_commit()` write an outbox row instead of publishing.
    It keeps the app's defaults (transient-error retries with back-off, dragonfly.celery).

    `outbox_key` (a format string over the positional arguments, e.g. "email:{0}") makes the
    intent idempotent; without it each call is its own intent. `apply_async` is left alone: the
    relay and Celery's own retries publish through it."""

    abstract = True
    outbox_key: str | None = None

    def _outbox_row(self, args: Sequence[Any], kwargs: dict[str, Any]) -> OutboxMessage:
        key = self.outbox_key.format(*args, **kwargs) if self.outbox_key else None
        return enqueue(self, args, kwargs, key=key)

    def delay(self, *args: Any, **kwargs: Any) -> Any:
        if is_quiet():
            return None  # a bulk load (dragonfly.core.events.quietly) queues no side effects
        row = self._outbox_row(args, kwargs)
        if _eager():
            return _run_in_process(row)  # as before: at once, in-process, with the task's result
        kick_on_commit(row)
        return None

    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:
        if not is_quiet():
            kick_on_commit(self._outbox_row(args, kwargs))

    def delay_many_on_commit(self, calls: Sequence[Sequence[Any]]) -> None:
        """`delay_on_commit(*args)` for each of `calls` (positional arguments only), written in bulk
        and relayed by one kick after the commit."""
        if is_quiet() or not calls:
            return
        keyed = [(args, self.outbox_key.format(*args) if self.outbox_key else None) for args in calls]
        rows = enqueue_many(self, [(args, key or f"{self.name}:{uuid.uuid4().hex}") for args, key in keyed])
        ids = [row.pk for row in rows]
        transaction.on_commit(lambda: kick(ids))


def _eager() -> bool:
    from dragonfly.celery import app

    return bool(app.conf.task_always_eager)


def _task(name: str) -> Task:
    from dragonfly.celery import app

    return app.tasks[name]


def _publish(row: OutboxMessage) -> None:
    # No publish retries here: the sweep is the retry, and a kick must not hold the request up.
    _task(row.task_name).apply_async(args=row.args, kwargs=row.kwargs, retry=False)


def _run_in_process(row: OutboxMessage) -> Any:
    if row.delivered_at is not None:
        return None
    # Claimed before it runs: a task that queues more work kicks the outbox from inside this run, and
    # that relay of the rows still due must not run this one again (it recursed until RecursionError).
    claimed = timezone.now()
    if not OutboxMessage.objects.filter(pk=row.pk, delivered_at__isnull=True).update(delivered_at=claimed):
        return None  # run meanwhile
    row.delivered_at = claimed
    try:
        result = _task(row.task_name).apply_async(args=row.args, kwargs=row.kwargs)
    except Exception as exc:
        OutboxMessage.objects.filter(pk=row.pk).update(delivered_at=None)  # not delivered: retried as before
        row.delivered_at = None
        _postpone([row], exc)
        raise
    OutboxMessage.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
    return result


def _postpone(rows: Sequence[OutboxMessage], exc: BaseException) -> None:
    now = timezone.now()
    for row in rows:
        row.attempts += 1
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        OutboxMessage.objects.filter(pk=row.pk).update(
            attempts=row.attempts, next_attempt_at=row.next_attempt_at, last_error=row.last_error
        )
