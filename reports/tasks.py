"""Report tasks. Their names start with `report_`, which routes them to the `exports` queue
(settings CELERY_TASK_ROUTES): a thousand exports never hold up notifications."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask


@shared_task(base=OutboxTask, acks_late=True, outbox_key="report-export:{0}")
def report_export(job_id):
    """Build one export's file (safe to run twice: a built job is left alone). Queued through the
    outbox in the request's transaction, so a broker that is away loses no export."""
    from .models import ExportJob
    from .services import build_export

    job = (
        ExportJob.objects.select_related("requested_by", "workspace__organization", "saved_report")
        .filter(pk=job_id)
        .first()
    )
    if job is not None:
        build_export(job)


@shared_task(acks_late=True)
def report_deliver_subscriptions():
    """06:00 (beat): every subscription due today is built once and delivered (idempotent)."""
    from .models import ReportSubscription
    from .services import deliver_subscription

    sent = 0
    for pk in ReportSubscription.objects.filter(user__is_active=True).values_list("pk", flat=True).iterator():
        sent += deliver_subscription(pk)
    return sent
