"""Email delivery: claim, send, mark — so a retried, redelivered or repeated task mails once.

Why "claim, send, mark" and not "lock, send, save" in one transaction: a transaction that holds a
row lock while talking to a mail server is undone by a dropped database connection *after* the
mail left, and the retry mails again. Here each step commits on its own:

1. **claim**: one UPDATE sets `claimed_at`/`claim_token` only where `emailed_at IS NULL` and no
   live claim exists (none, ours, or one older than `CLAIM_LEASE`). It commits before anything is
   sent, so two workers (a redelivery, a duplicate enqueue, two digests) can't both win it;
2. **send**, with a Message-ID derived from the notification id, the same on every attempt;
3. **mark** `emailed_at` (retried on a dropped connection for up to `MARK_WINDOW`, so a database
   outage shorter than that after the send does not turn into a resend).

The token is the Celery task id, which a retry and a redelivery keep: the task that lost its
database connection before sending takes its own claim back at once instead of waiting out
the lease.

At-most-once *in effect*, said honestly: if the worker dies (or the database stays away for the
whole mark-retry window) after the mail left and before the mark, the row stays claimed and
unmarked; after the lease (or on redelivery of the same task) it is sent again. That second copy
carries the same Message-ID, so mail systems that drop repeated Message-IDs (and every reader's
threading) treat it as the same message. A resend is possible; a lost notification is not.
"""

import contextlib
import datetime
import hashlib
import logging
import smtplib
import time
import uuid
from email.utils import parseaddr

from anymail.exceptions import AnymailRequestsAPIError
from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import ngettext

from dragonfly.tenancy.access import mail_language

from .bounces import is_suppressed
from .models import Notification
from .outbox import OutboxTask, backoff, purge_delivered, relay
from .replies import reply_address

log = logging.getLogger(__name__)

# Longer than any task's hard time limit (CELERY_TASK_TIME_LIMIT): a claim this old belongs to a
# worker that died, not to one still sending.
CLAIM_LEASE = datetime.timedelta(minutes=10)
# How long a sent mail's mark keeps retrying a dropped connection. A count of tries was not enough:
# under load, each fresh connection could be cut again before its UPDATE ran, and five quick tries
# (3.75 s) ran out while the outage lasted, so the task's own retry sent the mail a second time.
MARK_WINDOW = 30.0
MARK_BACKOFF_CAP = 2.0


def message_id(kind, *ids):
    """A stable Message-ID for one notification (or one digest of them): the idempotency key a
    mail system sees, identical on every attempt."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "dragonfly.local"
    if len(ids) == 1:
        return f"<dragonfly.{kind}.{ids[0]}@{domain}>"
    digest = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()[:16]
    return f"<dragonfly.{kind}.{min(ids)}.{digest}@{domain}>"


def _claimable(now):
    return Q(emailed_at__isnull=True) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))


def claim(notification_ids, token):
    """Take the unsent, unclaimed (or abandoned, or already ours) rows; returns how many were taken."""
    now = timezone.now()
    return (
        Notification.objects.filter(pk__in=notification_ids)
        .filter(_claimable(now) | Q(emailed_at__isnull=True, claim_token=token))
        .update(claimed_at=now, claim_token=token)
    )


def release(notification_ids, token):
    """Give a claim back after a send that failed (best effort: the lease expires anyway)."""
    with contextlib.suppress(OperationalError, InterfaceError):
        Notification.objects.filter(pk__in=notification_ids, claim_token=token, emailed_at__isnull=True).update(
            claimed_at=None,
            claim_token="",  # nosec B106 # clearing the claim, not a password
        )


def mark_sent(notification_ids, token):
    """Stamp the rows as emailed, retrying a dropped connection for up to MARK_WINDOW seconds: the
    mail has left, a retry of the whole task would send it again."""
    deadline = time.monotonic() + MARK_WINDOW
    attempt = 0
    while True:
        try:
            return Notification.objects.filter(pk__in=notification_ids, claim_token=token).update(
                emailed_at=timezone.now(), claimed_at=None
            )
        except (OperationalError, InterfaceError):
            pause = min(0.25 * 2**attempt, MARK_BACKOFF_CAP)
            if connection.in_atomic_block or time.monotonic() + pause > deadline:
                raise
            log.warning("Marking %s as emailed failed on a dropped connection; trying again", notification_ids)
            with contextlib.suppress(Exception):
                connection.close()  # the next query opens a fresh connection
            time.sleep(pause)
            attempt += 1


def _send(subject, body, to, msg_id, reply_to=""):
    EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        to,
        headers={"Message-ID": msg_id, "X-Dragonfly-Key": msg_id},
        reply_to=[reply_to] if reply_to else None,
    ).send()


def temporary(exc):
    """A refusal that means "later", worth a retry: an SMTP 4xx or a dropped connection, a provider's
    429 or 5xx or no answer at all. A permanent refusal (5xx, a bad key) is not retried."""
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _reply in exc.recipients.values())
    if isinstance(exc, AnymailRequestsAPIError):
        return exc.status_code is None or exc.status_code == 429 or exc.status_code >= 500
    return False


@shared_task(bind=True, base=OutboxTask, outbox_key="email_notification:{0}")
def email_notification(self, notification_id):
    """Email one notification, at most once in effect: claim, send, mark (see the module's note).

    Retries transient database and broker errors with back-off (dragonfly.celery.DragonflyTask), and a
    mail server's or provider's temporary refusal (`temporary`)."""
    from dragonfly.accounts.models import profile_for

    n = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if n is None or n.emailed_at is not None or not n.recipient.email:
        return False
    profile = profile_for(n.recipient)
    if not profile.wants_email(n.kind) or profile.wants_digest(n.kind):
        return False  # muted, or left for the daily digest
    if is_suppressed(n.recipient.email):
        return False  # the address bounced (bounces.py): the in-app notification stands, no mail
    token = self.request.id or uuid.uuid4().hex
    if not claim([n.pk], token):
        return False  # sent already, or another worker holds it
    try:
        reply_to = reply_address(n.recipient, n.reply_target) if n.reply_target else ""
        _send(n.title, f"{n.body}\n\n{n.url}".strip(), [n.recipient.email], message_id("notification", n.pk), reply_to)
    except Exception as exc:
        release([n.pk], token)
        if temporary(exc):  # the mail server or provider says "later": same back-off as other retries
            raise self.retry(exc=exc, countdown=backoff(self.request.retries + 1).total_seconds()) from exc
        raise
    mark_sent([n.pk], token)
    return True


DIGEST_WINDOW = datetime.timedelta(days=2)


@shared_task
def send_email_digests():
    """Daily: one email per user with the notifications of the kinds they take as a digest.

    Each user's rows are claimed (a committed claim, as for single emails), mailed, then marked,
    so a run that repeats or overlaps another sends nothing twice. Returns how many digests went out."""
    from dragonfly.accounts.models import Profile

    since = timezone.now() - DIGEST_WINDOW
    sent = 0
    for profile in Profile.objects.exclude(email_digest_kinds=[]).select_related("user").iterator():
        user = profile.user
        kinds = [k for k in profile.email_digest_kinds if profile.wants_email(k)]
        if not user.email or not user.is_active or not kinds or is_suppressed(user.email):
            continue
        token = uuid.uuid4().hex
        with transaction.atomic():
            # The lock serializes overlapping runs; the claim (committed with it) excludes our rows
            # from the other run's query once it gets the lock.
            rows = list(
                Notification.objects.select_for_update()
                .filter(_claimable(timezone.now()), recipient=user, kind__in=kinds, created_at__gte=since)
                .order_by("created_at", "id")
            )
            if not rows or not claim([n.pk for n in rows], token):
                continue
        ids = [n.pk for n in rows]
        lines = [f"- {n.title}" + (f"\n  {n.url}" if n.url else "") for n in rows]
        with translation.override(mail_language(user)):
            subject = ngettext(
                "Dragonfly: %(count)d update for you", "Dragonfly: %(count)d updates for you", len(rows)
            ) % {"count": len(rows)}
        try:
            _send(subject, "\n".join(lines), [user.email], message_id("digest", *ids))
        except Exception:
            release(ids, token)
            raise
        mark_sent(ids, token)
        sent += 1
    return sent


@shared_task
def relay_outbox():
    """Every minute (beat): hand the outbox's due rows to the broker; drop week-old delivered ones.

    Safe to run twice at once: each run locks the rows it relays (SKIP LOCKED)."""
    sent = relay()
    purge_delivered()
    return sent
