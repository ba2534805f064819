from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask


@shared_task(base=OutboxTask)
def notify_advance_event(activity_entry_id):
    """Deliver the notifications of one advance event (queued after the commit by notifications.on_advance_event).

    Takes the entry's primary key and re-reads everything, so it sees the committed state;
    running it twice delivers nothing new (each notification is keyed by the entry)."""
    from .notifications import notify_for_entry

    return [n.pk for n in notify_for_entry(activity_entry_id)]


@shared_task(base=OutboxTask)
def notify_advance_fulfilments(advance_id, window_start):
    """One notification for the fulfilments of an advance recorded within one batch window (queued,
    held until the window closes, by notifications.on_advance_event). Safe to run twice."""
    from .notifications import notify_fulfilments

    return [n.pk for n in notify_fulfilments(advance_id, window_start)]


@shared_task
def refresh_item_pairings():
    """Nightly: rebuild what the advance form suggests (suggestions.refresh_pairings); idempotent."""
    from .suggestions import refresh_pairings

    return refresh_pairings()


@shared_task(base=OutboxTask, outbox_key="advance-rollover:{0}", acks_late=True)
def roll_over_advances(rollover_id):
    """Copy a workspace's advances into another as drafts (advancing.rollover.run_rollover). Queued through
    the outbox after the request's commit; safe to run twice (each copy is once per source and target)."""
    from .rollover import run_rollover

    rollover = run_rollover(rollover_id)
    return rollover.copied if rollover is not None else 0
