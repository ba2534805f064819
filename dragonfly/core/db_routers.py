"""Reports and exports may read from a replica: the read-heavy, lag-tolerant work (a million-row CSV)
moves off the primary that takes every write. Optional: with no `replica` database configured
(DATABASE_REPLICA_URL unset), everything reads the primary.

The router cannot tell an export's query from a page's by the model, so the export says so:
`with reading_for_reports(): ...` around the iteration (stream_csv does it for every CSV)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_for_reports: ContextVar[bool] = ContextVar("reading_for_reports", default=False)


@contextmanager
def reading_for_reports() -> Iterator[None]:
    token = _for_reports.set(True)
    try:
        yield
    finally:
        _for_reports.reset(token)


def report_database() -> str:
    """The alias a report reads from now: the replica inside `reading_for_reports()` when there is one."""
    return REPLICA if _for_reports.get() and REPLICA in settings.DATABASES else "default"


class ReportsReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _for_reports.get() or connections["default"].in_atomic_block:
            return None  # inside a transaction a read must see that transaction's own writes
        return report_database()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema by replication
