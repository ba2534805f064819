"""Every provider call, in Celery: a slow or absent provider holds a worker, never a page.

Queued through the outbox (durable when the broker is away), retried with back-off when the
provider could not be asked (`Unreachable`); a refusal is written where the admin reads it."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask

from .calls import RETRIES, provider_call, retry_later


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def check_connection(self, connection_id):
    """Ask the payments provider whether the stored key works; the outcome is the connection's last
    check. The other kinds register their own check (`services.register_check`)."""
    from . import services
    from .models import Connection
    from .payments.base import adapter_for

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return None
    return provider_call(
        self,
        lambda: adapter_for(connection.provider).check(services.credentials(connection)),
        lambda error: services.finish_check(connection, error=error),
        lambda _: services.finish_check(connection),
    )


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def create_pay_link(self, link_id, return_url):
    """Create the provider's checkout for a pending pay link (the key makes a retry create it once)."""
    from . import services
    from .models import PayLink, PayLinkStatus
    from .payments.base import Refused, Unreachable, adapter_for

    link = PayLink.objects.select_related("connection", "invoice__workspace__organization").filter(pk=link_id).first()
    if link is None or link.status != PayLinkStatus.PENDING or not link.connection.is_connected:
        return None
    invoice = link.invoice
    try:
        checkout = adapter_for(link.connection.provider).create_checkout(
            services.credentials(link.connection),
            amount=link.amount,
            currency=link.currency,
            description=f"{invoice.workspace.organization.name} · {invoice.number}",
            reference={"pay_link": str(link.pk), "invoice": str(invoice.pk)},
            success_url=return_url,
            cancel_url=return_url,
            idempotency_key=f"dragonfly-pay-link-{link.pk}",
        )
    except Refused as exc:
        services.finish_pay_link(link, error=str(exc))
        return "refused"
    except Unreachable as exc:
        retry_later(self, exc)
        services.finish_pay_link(link, error=str(exc))
        return "unreachable"
    services.finish_pay_link(link, provider_id=checkout.provider_id, url=checkout.url)
    return "ready"


# The calendar sync's tasks live with it; imported here so the worker registers them.
from .accounting.tasks import connect_accounting, push_accounting  # noqa: E402,F401  (registered with Celery)
from .calendar import tasks as calendar_tasks  # noqa: E402, F401
