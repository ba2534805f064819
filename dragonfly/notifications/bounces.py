"""Addresses that bounce: the provider's tracking webhook marks them, notification email skips them.

anymail normalizes every provider's delivery events into one `tracking` signal; `on_tracking_event`
(connected in AppConfig.ready) keeps the events that say an address can't take mail. The owner sees
it on their profile and clears it once the address is fixed (or changes their address)."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from dragonfly.activity.services import record_activity

from .models import EmailSuppression, SuppressionReason, normalize_address

log = logging.getLogger(__name__)

# anymail's normalized event types (anymail.signals.EventType) that make an address undeliverable.
SUPPRESSING = {
    "bounced": SuppressionReason.BOUNCED,
    "rejected": SuppressionReason.REJECTED,
    "complained": SuppressionReason.COMPLAINED,
}


def is_suppressed(address: str) -> bool:
    return bool(address) and EmailSuppression.objects.active().filter(address=normalize_address(address)).exists()


def active_suppression(user) -> EmailSuppression | None:
    """The latest uncleared suppression of the user's address (what their profile shows), or None."""
    if not user.email:
        return None
    return EmailSuppression.objects.active().filter(address=normalize_address(user.email)).first()


def record_suppression(
    address: str, *, reason: str, provider: str, event_id: str = "", occurred_at=None, description: str = ""
) -> EmailSuppression | None:
    """Mark `address` as undeliverable; returns the new row, or None when this event was stored already."""
    address = normalize_address(address)
    if not address or reason not in SuppressionReason.values:
        return None
    try:
        with transaction.atomic():
            return EmailSuppression.objects.create(
                address=address,
                reason=reason,
                provider=provider[:40],
                event_id=(event_id or "")[:200],
                occurred_at=occurred_at or timezone.now(),
                description=(description or "")[:500],
            )
    except IntegrityError:  # the provider posted this event before
        return None


def clear_suppression(user, *, actor) -> int:
    """The owner fixed their address: mail to it goes out again. Returns how many marks were cleared."""
    address = normalize_address(user.email)
    if not address:
        return 0
    with transaction.atomic():
        rows = list(EmailSuppression.objects.active().select_for_update().filter(address=address))
        if not rows:
            return 0
        EmailSuppression.objects.filter(pk__in=[r.pk for r in rows]).update(cleared_at=timezone.now(), cleared_by=actor)
        record_activity(rows[0], actor=actor, verb="email.suppression_cleared", data={"address": address})
    return len(rows)


def on_tracking_event(sender, event, esp_name, **kwargs):
    """anymail's `tracking` signal: a bounce, a refusal or a complaint marks the recipient's address."""
    reason = SUPPRESSING.get(event.event_type)
    if reason is None or not event.recipient:
        return
    row = record_suppression(
        event.recipient,
        reason=reason,
        provider=esp_name,
        event_id=event.event_id or "",
        occurred_at=event.timestamp,
        description=event.description or event.mta_response or "",
    )
    if row is not None:
        log.info(
            "Email to %s %s (%s event %s): notification email to it is off", row.address, reason, esp_name, row.event_id
        )
