from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask


@shared_task
def open_due_maintenance():
    """Daily: open a job for each maintenance schedule that fell due; returns the new jobs' ids.

    Safe to run twice (a schedule has at most one open job)."""
    from .services import open_due_maintenance as open_due

    return [record.pk for record in open_due()]


@shared_task(base=OutboxTask)
def notify_maintenance_due(record_id):
    """Tell the asset manager about one opened job (each notification is keyed by the job)."""
    from .notifications import notify_for_record

    return [n.pk for n in notify_for_record(record_id)]
