"""Analytics' provider calls, in Celery: a test event, and every minute (beat) the buffered events
of each opted-in organization, to its own connection's key only. Retried with back-off when the
provider could not be asked; a refusal is written on the card."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask

from ..calls import RETRIES, provider_call, retry_later


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def check_analytics(self, connection_id):
    """Send one test event with the stored key; the outcome is the connection's last check."""
    from .. import services as integrations
    from ..models import Connection
    from . import services
    from .base import adapter_for

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return None
    return provider_call(
        self,
        lambda: adapter_for(connection.provider).send(
            integrations.credentials(connection), [services.test_event(connection)]
        ),
        lambda error: integrations.finish_check(connection, error=error),
        lambda _: integrations.finish_check(connection),
    )


@shared_task(bind=True, max_retries=RETRIES, soft_time_limit=120, time_limit=150)
def flush_connection(self, connection_id):
    """Send one connection's waiting events in batches; each batch is deleted once accepted."""
    from .. import services as integrations
    from ..models import Connection
    from . import services
    from .base import Refused, Unreachable, adapter_for

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return 0
    adapter, creds, total = adapter_for(connection.provider), integrations.credentials(connection), 0
    for _batch in range(20):  # at most 10,000 a run; the rest next minute
        rows = services.pending(connection)
        if not rows:
            break
        try:
            adapter.send(creds, services.as_events(rows))
        except Refused as exc:
            integrations.finish_check(connection, error=str(exc))
            return total
        except Unreachable as exc:
            retry_later(self, exc)
            integrations.finish_check(connection, error=str(exc))
            return total
        services.sent(rows)
        total += len(rows)
    if total and connection.last_error:
        integrations.finish_check(connection)
    return total


@shared_task
def flush_analytics():
    from ..models import AnalyticsEvent
    from . import events, services

    events.refresh_opt_ins()
    services.drop_stale()
    ids = list(AnalyticsEvent.objects.order_by().values_list("connection_id", flat=True).distinct())
    for pk in ids:
        flush_connection.delay(pk)
    return len(ids)
