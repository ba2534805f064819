"""A broadcast: one message from an ops user to everyone of a workspace, or to an event's or a
production's crew ("doors delayed 15 min"). It reaches them as a notification (live on an open page,
in the bell when they come back); the row is the record of who said what to whom."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.querysets import TenantQuerySet

MESSAGE_MAX = 500


class Broadcast(models.Model):
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="broadcasts", verbose_name=_("workspace")
    )
    # Who it went to: "workspace", or a registered audience's model label ("events.event") and the row's id.
    audience = models.CharField(_("audience"), max_length=60)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_name = models.CharField(_("sent to"), max_length=200)  # as it read when sent
    message = models.CharField(_("message"), max_length=MESSAGE_MAX)
    # Urgent: those who opted in get it by SMS too (dragonfly.notifications.kinds.URGENT_TRIGGERS).
    urgent = models.BooleanField(_("urgent"), default=False)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sender")
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        indexes = [models.Index(fields=["workspace", "-sent_at", "-id"], name="broadcast_history")]

    def __str__(self):
        return f"{self.target_name}: {self.message[:60]}"
