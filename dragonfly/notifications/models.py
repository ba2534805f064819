from django.conf import settings
from django.db import models

from .kinds import KINDS


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Notifications are personal: a user sees only their own."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

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
    # One notification per (recipient, key): a task that runs twice finds it and stops.
    dedupe_key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_delivered_once")]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"])]

    def __str__(self):
        return f"{self.title} → {self.recipient}"
