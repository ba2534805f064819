"""Settings of the Celery workers the fault tests start (dragonfly/notifications/tests/test_faults.py).

The real settings, with: mail written to MAILBOX_DIR (one file a message), a short visibility
timeout and fast restore sweeps (a killed worker's messages come back in seconds, not minutes),
and, when FAULT_BEAT is set, an embedded beat that sweeps the outbox every few seconds."""

import os

from dragonfly.settings import *  # noqa: F403

EMAIL_BACKEND = "dragonfly.notifications.tests.mailbox.EmailBackend"
MAILBOX_DIR = os.environ["MAILBOX_DIR"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "4")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "unacked_mutex_expire": 5,
}
CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE = {
    "notifications-relay-outbox": {
        "task": "dragonfly.notifications.tasks.relay_outbox",
        "schedule": float(os.environ.get("FAULT_RELAY_EVERY", "2")),
    },
}
