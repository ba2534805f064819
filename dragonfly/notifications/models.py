from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Notifications are personal: a user sees only their own, and not the kinds they turned off in
        the app (their profile): those rows still carry the kind's email, digest and SMS."""
        from dragonfly.tenancy.access import muted_in_app

        if not user.is_authenticated:
            return self.none()
        mine = self.filter(recipient=user)
        muted = muted_in_app(user)
        return mine.exclude(kind__in=sorted(muted)) if muted else mine

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    workspace = models.ForeignKey("tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(max_length=40, choices=[(k, v.label) for k, v in KINDS.items()])
    trigger = models.CharField(max_length=80, blank=True)
    action = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    # "app.model:pk" of the object a reply to its email comments on (replies.py); blank: no replies.
    reply_target = models.CharField(max_length=80, blank=True)
    # One notification per (recipient, key): a task that runs twice finds it and stops.
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The email task claims the row before it sends (see tasks.email_notification): who holds it, since when.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_delivered_once")]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"]),
            # The inbox page walks a recipient's notifications newest first (a year holds thousands).
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_order"),
        ]

    def __str__(self):
        return f"{self.title} → {self.recipient}"


class OutboxMessage(models.Model):
    """The intent to run one Celery task, written in the transaction of the change that calls for it.

    A relay (dragonfly.notifications.outbox.relay) hands due rows to the broker: at once after
    the commit (best effort) and every minute from beat, retrying with back-off until the broker
    takes the message. A broker outage therefore neither fails the request nor loses the intent."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    # One row per intent: enqueueing the same key twice (a task that runs twice) writes one row.
    key = models.CharField(max_length=200, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)  # when the broker accepted it
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["delivered_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        state = "delivered" if self.delivered_at else f"pending ({self.attempts} attempts)"
        return f"{self.task_name}{tuple(self.args)} {state}"


class SuppressionReason(models.TextChoices):
    BOUNCED = "bounced", _("Bounced")
    REJECTED = "rejected", _("Refused by the provider")
    COMPLAINED = "complained", _("Marked as spam")


class EmailSuppressionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees the suppressions of their own address; platform admins see all (in the admin)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(address=normalize_address(user.email)) if user.email else self.none()

    def active(self):
        return self.filter(cleared_at__isnull=True)


def normalize_address(address):
    return (address or "").strip().lower()


class EmailSuppression(models.Model):
    """A provider told us mail to this address bounced, was refused or was marked as spam: notification
    email to it is skipped (the in-app notification still comes) until its owner clears it.

    One row per provider event (its id stored once: a provider that posts the same event twice adds
    nothing); the address is suppressed while any of its rows is not cleared."""

    address = models.EmailField(max_length=254)
    reason = models.CharField(max_length=20, choices=SuppressionReason.choices)
    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=200, blank=True)
    occurred_at = models.DateTimeField()
    description = models.CharField(max_length=500, blank=True)  # the provider's words or the server's reply
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EmailSuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], condition=~models.Q(event_id=""), name="email_suppression_event_once"
            )
        ]
        indexes = [models.Index(fields=["address", "cleared_at"], name="email_suppression_address")]

    def __str__(self):
        return f"{self.address} ({self.reason})"
