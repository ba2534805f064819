"""The accounting provider calls, in Celery (queued through the outbox after the commit)."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask

from ..calls import RETRIES, provider_call


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def connect_accounting(self, connection_id):
    """Exchange a fresh authorization code for tokens (once), then ask the ledger which company they reach."""
    from .. import services as integrations
    from ..models import Connection
    from . import services

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return None

    def connect():
        values = integrations.credentials(connection)
        if "code" in values:
            services.store_credentials(connection, services.exchange(connection, values))
        return services.adapter(connection).check(services.usable_credentials(connection)) or None

    return provider_call(
        self,
        connect,
        lambda error: integrations.finish_check(connection, error=error),
        lambda _: integrations.finish_check(connection),
    )


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=300, time_limit=330)
def push_accounting(self, connection_id):
    """Push what is not in the ledger yet; a refused document waits on its row, the rest go on."""
    from .. import services as integrations
    from ..models import Connection
    from . import services

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return None
    return provider_call(
        self,
        lambda: services.push(connection),
        lambda error: integrations.finish_check(connection, error=error),
        lambda _: integrations.finish_check(connection),
    )
