from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_advance_event(activity_entry_id):
    """Deliver the notifications of one advance event (queued after the commit by notifications.on_advance_event).

    Takes the entry's primary key and re-reads everything, so it sees the committed state;
    running it twice delivers nothing new (each notification is keyed by the entry)."""
    from .notifications import notify_for_entry

    return [n.pk for n in notify_for_entry(activity_entry_id)]
