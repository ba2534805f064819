"""The accounting provider calls, in Celery (queued through the outbox after the commit)."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask

RETRIES = 5  # as integrations.tasks (which imports this module, so this one does not import it)


def _retry(task, exc):
    from ..tasks import _retry as retry

    return retry(task, exc)


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def connect_accounting(self, connection_id):
    """Exchange a fresh authorization code for tokens (once), then ask the ledger which company they reach."""
    from .. import services as integrations
    from ..models import Connection
    from ..payments.base import Refused, Unreachable
    from . import services

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return None
    try:
        values = integrations.credentials(connection)
        if "code" in values:
            services.store_credentials(connection, services.exchange(connection, values))
        name = services.adapter(connection).check(services.usable_credentials(connection))
    except Refused as exc:
        integrations.finish_check(connection, error=str(exc))
        return "refused"
    except Unreachable as exc:
        _retry(self, exc)
        integrations.finish_check(connection, error=str(exc))
        return "unreachable"
    integrations.finish_check(connection)
    return name or "ok"


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=300, time_limit=330)
def push_accounting(self, connection_id):
    """Push what is not in the ledger yet; a refused document waits on its row, the rest go on."""
    from .. import services as integrations
    from ..models import Connection
    from ..payments.base import Refused, Unreachable
    from . import services

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return None
    try:
        counts = services.push(connection)
    except Refused as exc:
        integrations.finish_check(connection, error=str(exc))
        return "refused"
    except Unreachable as exc:
        _retry(self, exc)
        integrations.finish_check(connection, error=str(exc))
        return "unreachable"
    integrations.finish_check(connection)
    return counts
