import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragonfly.settings")


def _transient_errors() -> tuple[type[BaseException], ...]:
    """Errors that say "try again later", not "this task is wrong": a database connection that
    dropped (a restart, a failover, a killed backend), a broker that is briefly away."""
    from django.db import InterfaceError
    from django.db import OperationalError as DatabaseOperationalError
    from kombu.exceptions import OperationalError as BrokerOperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (
        DatabaseOperationalError,
        InterfaceError,
        BrokerOperationalError,
        RedisConnectionError,
        RedisTimeoutError,
        ConnectionError,
        TimeoutError,
    )


TRANSIENT_ERRORS = _transient_errors()


class DragonflyTask(Task):
    """Every task's defaults: retry transient errors with exponential back-off and jitter
    (5 s, 10 s, 20 s … capped at 5 minutes, 6 tries), so a database restart or a broker blip
    costs a delay, not the work. A task may narrow or widen these in its decorator.

    Retrying is safe because tasks are idempotent (DESIGN.md, "Background work"): they take
    primary keys, re-read, and claim or key what they write."""

    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 6
    acks_late = True


app = Celery("dragonfly", task_cls=DragonflyTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds tasks.py in every installed app, including the dragonfly.* sub-apps.
app.autodiscover_tasks()
