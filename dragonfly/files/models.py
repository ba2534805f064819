import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.querysets import TenantQuerySet

from .buckets import BUCKET_CHOICES, BUCKETS


def stored_name(instance, filename):
    # `filename` is ours (uuid + detected extension); see services.store_upload.
    return f"{instance.bucket}/{instance.created_at:%Y/%m}/{filename}"


class AttachmentQuerySet(TenantQuerySet):
    def visible_to(self, user, perm=None):
        """Public buckets to every signed-in user; private ones through the workspace role or a grant;
        contracts only to organization admins."""
        access = get_access(user)
        if not access.authenticated:
            return self.none()
        if access.is_platform_admin:
            return self.all()
        public = [name for name, b in BUCKETS.items() if b.public]
        admin_only = [name for name, b in BUCKETS.items() if b.admin_only]
        private = super().visible_to(user, perm).exclude(bucket__in=public + admin_only)
        return self.filter(
            Q(bucket__in=public)
            | Q(pk__in=private.values("pk"))
            | Q(bucket__in=admin_only, organization_id__in=access.admin_organization_ids)
        )


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    bucket = models.CharField(max_length=40, choices=BUCKET_CHOICES, db_index=True)
    organization = models.ForeignKey("tenancy.Organization", null=True, blank=True, on_delete=models.CASCADE)
    workspace = models.ForeignKey("tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE)
    # Optional link to what the file belongs to (a production, an expense, an incident, ...).
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=stored_name, max_length=300)
    original_name = models.CharField(max_length=255, help_text=_("Shown to people; never used as a path."))
    content_type_detected = models.CharField("type", max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.original_name} ({self.bucket})"

    @property
    def is_public(self):
        return BUCKETS[self.bucket].public

    @property
    def is_image(self):
        return self.content_type_detected.startswith("image/") and "vnd." not in self.content_type_detected
