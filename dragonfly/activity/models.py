from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.querysets import TenantQuerySet


class ActivityQuerySet(TenantQuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)).select_related(
            "actor"
        )


class ActivityEntry(models.Model):
    """One thing that happened: who did what to which object, when, with what data.

    Services write it inside the same transaction as the change it records, so the log
    never claims a change that was rolled back. `trigger` carries the automation key
    (e.g. `compvss.advance.submitted`) where the platform spec names one.
    """

    workspace = models.ForeignKey("tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    verb = models.CharField(max_length=80)
    trigger = models.CharField(max_length=80, blank=True, db_index=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name_plural = _("activity entries")

    def __str__(self):
        return f"{self.actor} {self.verb} {self.content_type.model} #{self.object_id}"
