import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.querysets import TenantQuerySet

from .buckets import BUCKET_CHOICES, BUCKETS
from .querysets import CategoryQuerySet, DocumentQuerySet


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
    # A stored file is one version of a document (a rider, a floor plan); avatars and logos belong to none.
    document = models.ForeignKey(
        "files.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    restored_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="files_one_number_per_version")]

    def __str__(self):
        return f"{self.original_name} ({self.bucket})"

    @property
    def is_public(self):
        return BUCKETS[self.bucket].public

    @property
    def is_image(self):
        return self.content_type_detected.startswith("image/") and "vnd." not in self.content_type_detected


class DocumentCategory(models.Model):
    """A kind of document in one organization (riders, contracts, plans, ...): admins edit the list."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("document category")
        verbose_name_plural = _("document categories")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="files_category_name_once")]

    def __str__(self):
        return self.name


class Document(Versioned):
    """A file that lives through versions: its stable URL always serves the current one."""

    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        DocumentCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    bucket = models.CharField(_("storage bucket"), max_length=40, choices=BUCKET_CHOICES)
    # What it belongs to (a production, a venue, an advance, ...); empty for a workspace's own file.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    current = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["workspace", "-updated_at", "-id"]),
            models.Index(fields=["-updated_at", "-id"]),
            models.Index(fields=["content_type", "object_id"], name="files_document_linked_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("files:document", args=[self.pk])

    @property
    def download_url(self):
        """The stable link: whatever version is current when it is opened."""
        return reverse("files:current", args=[self.pk])


class ShareLink(models.Model):
    """A document shared outside the organization: the token is in the URL, only its hash is stored."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    workspace_path = "document__workspace"

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.document} ({self.created_at:%Y-%m-%d})"

    @property
    def is_live(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class ShareAccess(models.Model):
    """One opening of a share link: when, from which address, with which browser."""

    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="accesses")
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    workspace_path = "link__document__workspace"

    class Meta:
        verbose_name = _("share link opening")
        verbose_name_plural = _("share link openings")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return f"{self.link_id} {self.opened_at:%Y-%m-%d %H:%M}"
