from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone, translation

from dragonfly.core import hot
from dragonfly.core.events import is_quiet
from dragonfly.core.navigation import BADGE_CAP, capped_count
from dragonfly.tenancy.access import mail_language, prime_access, reading_as

from .kinds import KINDS
from .models import Notification
from .signals import notifications_created

UNREAD_FIGURE = "unread_notifications"


def unread_count(user):
    """The bell's number: an indexed count (recipient, read_at) that stops past the badge's "99+"."""
    return capped_count(Notification.objects.visible_to(user).unread(), BADGE_CAP)


def unread_figure(user):
    """The bell's number as every page reads it: cached per user until a notification arrives or is read."""
    return hot.figure(UNREAD_FIGURE, user)


def forget_unread(user_ids):
    hot.forget(UNREAD_FIGURE, user_ids)


def in_their_words(recipient, text):
    """`text` as `recipient` reads it: a callable is called, and lazy text translated, inside their
    language (`access.mail_language`) and time zone; plain text is kept as it is."""
    if isinstance(text, str):
        return text
    with reading_as(recipient), translation.override(mail_language(recipient)):
        return str(text() if callable(text) else text)


def reply_target(obj):
    """What a notification about `obj` stores so a reply to its email can comment on it (replies.py)."""
    return f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else ""


def deliver(
    *, recipient, kind, title, body="", url="", workspace=None, trigger="", action="", dedupe_key, reply_about=None
):
    """Create the in-app notification once; returns (notification, created). Safe to call twice.
    Title and body may be lazy text or callables: they are written in the recipient's language."""
    title, body = in_their_words(recipient, title), in_their_words(recipient, body)
    defaults = dict(
        kind=kind,
        title=title[:200],
        body=body,
        url=url,
        workspace=workspace,
        trigger=trigger,
        action=action,
        reply_target=reply_target(reply_about),
    )
    try:
        with transaction.atomic():
            return Notification.objects.get_or_create(recipient=recipient, dedupe_key=dedupe_key, defaults=defaults)
    except IntegrityError:  # a concurrent run created it first
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key), False


def notify(
    recipients, *, kind, title, dedupe_key, body="", url="", workspace=None, trigger="", action="", reply_about=None
):
    """The one way to tell people something: an in-app notification each (once per dedupe key),
    and an email for those who take this kind by email right away.

    The email's intent is an outbox row written in the caller's transaction (email_notification is
    an OutboxTask: `delay_on_commit` writes the row, and the commit kicks the relay). A broker that
    is down at that moment fails nothing and loses nothing: the beat sweep relays the row later.

    `dedupe_key` names the happening (e.g. "advance:12:approved:345"): a task that runs twice
    finds the notification it made and neither repeats it nor mails it again.

    A `body` that shows a time is a callable: it is called once per recipient inside
    `reading_as(recipient)`, so `user_time(...)` in it reads in that recipient's zone, in the app
    and in the email alike (the email sends the stored body).

    Title and body are written in the recipient's language (`access.mail_language`), whoever the
    actor is: pass them as `gettext_lazy` text, or as a callable when they fill in placeholders
    (`lambda: _("%(name)s approved it") % {...}`), so they are translated per recipient.

    `reply_about`: the object a reply to the email comments on (dragonfly/notifications/replies.py)."""
    from .tasks import email_notification

    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}: add it to dragonfly/notifications/kinds.py")
    if is_quiet():  # a bulk load (the demo seed, dragonfly.core.events.quietly) tells no one
        return []
    people = list({recipient.pk: recipient for recipient in recipients}.values())
    if not people:
        return []
    # In bulk whatever the number of people (a broadcast reaches a whole workspace): one read of the
    # notifications already made under this key, one insert of the missing ones, one read back.
    made = {n.recipient_id: n for n in Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=people)}
    if not (isinstance(title, str) and isinstance(body, str)):
        prime_access([recipient for recipient in people if recipient.pk not in made])  # their languages, zones
    missing = [
        Notification(
            recipient=recipient,
            kind=kind,
            title=in_their_words(recipient, title)[:200],
            body=in_their_words(recipient, body),
            url=url,
            workspace=workspace,
            trigger=trigger,
            action=action,
            dedupe_key=dedupe_key,
            reply_target=reply_target(reply_about),
        )
        for recipient in people
        if recipient.pk not in made
    ]
    if missing:
        Notification.objects.bulk_create(missing, ignore_conflicts=True)  # a concurrent run's rows stand
        fresh = Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=[n.recipient for n in missing])
        created = list(fresh.exclude(pk__in=[n.pk for n in made.values()]))
        for notification in created:
            made[notification.recipient_id] = notification
            # bulk_create sends no post_save: its receivers (the bell's cached count, the live push) hear it
            # here; `in_batch` tells the ones that handle a whole batch at once to wait for the signal below.
            post_save.send(
                sender=Notification, instance=notification, created=True, raw=False, using="default", in_batch=True
            )
        notifications_created.send(sender=Notification, notifications=created)
    delivered = [made[recipient.pk] for recipient in people if recipient.pk in made]
    by_pk = {recipient.pk: recipient for recipient in people}
    email_notification.delay_many_on_commit(  # the outbox rows, in this transaction
        [(n.pk,) for n in delivered if n.emailed_at is None and by_pk[n.recipient_id].email]
    )
    return delivered


def mark_read(notification_ids, *, user):
    changed = (
        Notification.objects.visible_to(user)
        .filter(pk__in=notification_ids, read_at__isnull=True)
        .update(read_at=timezone.now())
    )
    forget_unread([user.pk])  # .update() sends no post_save
    return changed


def mark_all_read(*, user):
    changed = Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
    forget_unread([user.pk])
    return changed
