"""Webhook work on Celery's `integrations` queue (settings.CELERY_TASK_ROUTES)."""

from celery import shared_task


@shared_task(acks_late=True)
def deliver_webhook(delivery_id):
    """Send the due attempt of one delivery (claimed first: running twice sends once)."""
    from .services import attempt_delivery

    attempt_delivery(delivery_id)


@shared_task(acks_late=True)
def send_due_webhooks():
    """Every minute: retries that fell due, and deliveries the broker never got."""
    from .services import send_due_deliveries

    return send_due_deliveries()


@shared_task(acks_late=True)
def purge_webhook_log():
    from .services import purge_old_deliveries

    return purge_old_deliveries()
