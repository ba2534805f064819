"""Background work of productions. Every task takes primary keys, re-reads what it needs and is
safe to run twice."""

from celery import shared_task
from django.utils import timezone

from dragonfly.notifications.outbox import OutboxTask

# Delivery tasks go through the outbox (their .delay() writes a row the relay hands to Celery);
# transient-error retries come from the app's task class (dragonfly.celery.DragonflyTask).
RETRY = dict(base=OutboxTask)


@shared_task(**RETRY)
def notify_production_event(activity_entry_id):
    """Deliver the notifications of one production event (phase move, assignment, expiry)."""
    from .notifications import notify_for_entry

    return [n.pk for n in notify_for_entry(activity_entry_id)]


@shared_task(**RETRY)
def refresh_production_health(production_id):
    """Recalculate one production's health score (queued when its inputs change)."""
    from .services import refresh_production_health as refresh

    report = refresh(production_id)
    return None if report is None else report.score


@shared_task
def refresh_all_production_health():
    """Hourly: recalculate every open production's score (overdue-ness changes with the clock)."""
    from .models import Production
    from .services import refresh_production_health as refresh

    ids = list(Production.objects.open().order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        refresh(pk)
    return len(ids)


@shared_task
def check_compliance(now_iso=None):
    """At midnight: compliance items expiring within 30 and 7 days and expired ones get their
    status updated and their production manager warned, once per item, stage and expiry date."""
    import datetime

    from .models import ComplianceItem, ComplianceStatus
    from .selectors import local_today
    from .services import check_compliance_item

    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    horizon = now.date() + datetime.timedelta(days=32)  # a little beyond 30 days: timezones differ
    items = (
        ComplianceItem.objects.filter(
            status__in=[ComplianceStatus.APPROVED, ComplianceStatus.EXPIRING, ComplianceStatus.EXPIRED],
            expires_on__isnull=False,
            expires_on__lte=horizon,
        )
        .exclude(production__status__in=["completed", "cancelled"])
        .select_related("production__workspace__organization")
        .order_by("pk")
    )
    warned = 0
    for item in items.iterator(chunk_size=500):
        stage = check_compliance_item(item, today=local_today(item.production.workspace, now))
        warned += stage is not None
    return warned
