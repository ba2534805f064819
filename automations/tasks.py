from celery import shared_task

from dragonfly.notifications.outbox import OutboxTask


@shared_task(bind=True, base=OutboxTask, outbox_key="automation:{0}:{1}", max_retries=5)
def run_automation(self, rule_id, event_id, payload):
    """Run one automation rule for one domain event (queued after the commit by engine.on_domain_event).

    Idempotent: the usage log row is unique per (rule, event), so a second run finds it finished.
    A transient failure (a mail server away) retries with back-off; the last try logs it failed."""
    from .engine import RetryLater, run

    attempt = self.request.retries
    while True:
        try:
            row = run(rule_id, event_id, payload, final_attempt=attempt >= self.max_retries)
        except RetryLater as exc:
            if self.request.is_eager:  # in-process (the first-run default, tests): try again at once
                attempt += 1
                continue
            raise self.retry(exc=exc, countdown=min(300, 5 * 2**attempt)) from exc
        return row.pk if row is not None else None
