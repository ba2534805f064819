"""Sending an SMS, in Celery: a slow Twilio holds a worker, never a page.

Claim, send, mark: the message is sent only while it is still queued without a provider id, so a
task run twice sends once; a refusal is written on the message, where the admin reads it."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask

from ..calls import RETRIES, provider_call, retry_later


@shared_task(bind=True, base=OutboxTask, outbox_key="sms:{0}", max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def send_sms(self, message_id):
    from django.utils.translation import gettext as _

    from .. import services as integrations
    from ..models import SmsMessage, SmsStatus
    from . import services
    from .base import Refused, Unreachable, Unsubscribed, sms_adapter_for

    message = SmsMessage.objects.filter(pk=message_id).first()
    if message is None or message.status != SmsStatus.QUEUED or message.provider_sid:
        return None
    connection = services.sms_connection(message.organization_id)
    if connection is None:
        services.skip(message, _("SMS is not connected."))
        return "skipped"
    if services.is_opted_out(message):  # a STOP may have come in since it was queued
        services.skip(message, _("The recipient has unsubscribed (replied STOP)."))
        return "skipped"
    try:
        sent = sms_adapter_for(connection.provider).send(
            integrations.credentials(connection),
            to=message.to,
            body=message.body,
            status_callback=services.status_callback(connection),
        )
    except Unsubscribed as exc:
        services.mark_unsubscribed(message, str(exc))
        return "unsubscribed"
    except Refused as exc:
        services.finish_send(message, error=str(exc))
        return "refused"
    except Unreachable as exc:
        retry_later(self, exc)
        services.finish_send(message, error=str(exc))
        return "unreachable"
    services.finish_send(message, provider_sid=sent.provider_sid, status=sent.status)
    return "sent"


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def check_sms(self, connection_id):
    """Ask the SMS provider whether the stored key works; the outcome is the connection's last check
    (registered with `services.register_check`, as CRM, analytics and accounting are)."""
    from .. import services as integrations
    from ..models import Connection
    from .base import sms_adapter_for

    connection = Connection.objects.filter(pk=connection_id).first()
    if connection is None or not connection.is_connected:
        return None
    return provider_call(
        self,
        lambda: sms_adapter_for(connection.provider).check(integrations.credentials(connection)),
        lambda error: integrations.finish_check(connection, error=error),
        lambda _: integrations.finish_check(connection),
    )
