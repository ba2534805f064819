"""Finance's background work: the notifications its events call for, and the nightly overdue check.

Tasks take primary keys, re-read what they need and are safe to run twice."""

from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask


@shared_task(base=OutboxTask)
def check_budget_alerts(line_ids):
    """Alert budget owners about lines that passed 80 % / 100 % (each alert is delivered once)."""
    from .notifications import send_budget_alerts

    return len(send_budget_alerts(line_ids))


@shared_task
def mark_overdue_invoices():
    """Nightly: sent or partially paid invoices past their due date become overdue."""
    from .services.invoices import mark_overdue_invoices as run

    return run()


@shared_task(base=OutboxTask)
def notify_purchase_order_approvers(po_id):
    """Tell who may approve that an order waits for them (once per order and submission)."""
    from .notifications import notify_approvers

    return len(notify_approvers(po_id))


@shared_task(base=OutboxTask)
def notify_overdue_invoice(invoice_id):
    """Tell who entered an invoice that it fell overdue (once per invoice and due date)."""
    from .notifications import notify_overdue

    return len(notify_overdue(invoice_id))


@shared_task(base=OutboxTask)
def notify_bidders(rfq_id):
    """Tell the bidders of a decided request for quote whether they won (once per bid and outcome)."""
    from .notifications import notify_bid_outcomes

    return len(notify_bid_outcomes(rfq_id))


@shared_task
def remind_expiring_agreements():
    """Nightly: who manages a vendor agreement near its end hears once per end date."""
    from .notifications import remind_expiring_agreements as run

    return len(run())


@shared_task(base=OutboxTask)
def route_advance_purchasing(advance_id, actor_id=None):
    """After an approval's commit: its lines to buy or hire onto their preferred vendors' draft orders.
    Safe to run twice (a line already on an order is skipped); a failure is kept on the advance's
    history and the lines wait, unrouted, for the procurement reviewer (or the next run)."""
    from .services.routing import route_approved_advance

    return [po.pk for po in route_approved_advance(advance_id, actor_id=actor_id)]
