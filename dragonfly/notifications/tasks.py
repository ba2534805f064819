import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def email_notification(notification_id):
    """Email one notification, at most once: the row is locked and stamped in one transaction."""
    from dragonfly.accounts.models import profile_for

    with transaction.atomic():
        n = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if n is None or not n.recipient.email:
            return False
        profile = profile_for(n.recipient)
        if not profile.wants_email(n.kind) or profile.wants_digest(n.kind):
            return False  # muted, or left for the daily digest
        send_mail(n.title, f"{n.body}\n\n{n.url}".strip(), settings.DEFAULT_FROM_EMAIL, [n.recipient.email])
        n.emailed_at = timezone.now()
        n.save(update_fields=["emailed_at"])
    return True


DIGEST_WINDOW = datetime.timedelta(days=2)


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def send_email_digests():
    """Daily: one email per user with the notifications of the kinds they take as a digest.

    Each user's rows are locked and stamped in the transaction that sends their mail, so a
    run that repeats (or overlaps) sends nothing twice. Returns how many digests went out."""
    from dragonfly.accounts.models import Profile

    since = timezone.now() - DIGEST_WINDOW
    sent = 0
    for profile in Profile.objects.exclude(email_digest_kinds=[]).select_related("user").iterator():
        user = profile.user
        kinds = [k for k in profile.email_digest_kinds if profile.wants_email(k)]
        if not user.email or not user.is_active or not kinds:
            continue
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, kind__in=kinds, emailed_at__isnull=True, created_at__gte=since)
                .order_by("created_at", "id")
            )
            if not rows:
                continue
            lines = [f"- {n.title}" + (f"\n  {n.url}" if n.url else "") for n in rows]
            subject = f"Dragonfly: {len(rows)} update{'s' if len(rows) != 1 else ''} for you"
            send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
        sent += 1
    return sent
