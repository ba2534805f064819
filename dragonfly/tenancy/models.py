from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.managers import UserObjectPermissionManager
from guardian.models import UserObjectPermissionAbstract

from dragonfly.core.versioning import Versioned

from .roles import Role

CURRENCY_VALIDATOR = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, such as USD or EUR."))


def active_q(prefix=""):
    """Rows whose optional expiry has not passed: access ends on its own at expiry."""
    return Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": timezone.now()})


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .access import get_access

        access = get_access(user)
        if access.is_platform_admin:
            return self.all()
        return self.filter(pk__in=access.organization_ids)


class Organization(Versioned):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    logo = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    currency = models.CharField(max_length=3, default="USD", validators=[CURRENCY_VALIDATOR])
    timezone = models.CharField(max_length=64, default="UTC")
    # Modules switched off for the whole organization (app labels such as "finance"): they leave the
    # navigation, their pages and API answer 404 (tenancy.module_settings, read by tenancy.access).
    disabled_modules = models.JSONField(_("modules switched off"), default=list, blank=True)
    # What this organization changed of the roles' platform-wide permissions: {"7": {"advancing.add_advance":
    # false}} by role level. Read with the memberships (tenancy.access), so a request asks nothing more;
    # written only by tenancy.role_settings, which keeps admin roles and admin-only permissions out of it.
    role_permissions = models.JSONField(_("role permission changes"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class WorkspaceQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .access import get_access

        access = get_access(user)
        if access.is_platform_admin:
            return self.all()
        return self.filter(access.workspace_q())


class Workspace(Versioned):
    class Kind(models.TextChoices):
        TOUR = "tour", _("Tour")
        FESTIVAL = "festival", _("Festival")
        VENUE = "venue", _("Venue")
        DEPARTMENT = "department", _("Department")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="workspaces")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    archived = models.BooleanField(default=False)
    # Modules switched off in this workspace only (on top of the organization's).
    disabled_modules = models.JSONField(_("modules switched off"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "name"]
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="workspace_slug_unique_in_org")]

    def __str__(self):
        return f"{self.organization.name} / {self.name}"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active_q())

    def for_access(self):
        """Active memberships, each saying whether its user holds any active object grant (access.Access)."""
        grants = ObjectGrant.objects.active().filter(user=models.OuterRef("user"))
        return self.active().annotate(any_grant=models.Exists(grants))

    def visible_to(self, user):
        """Memberships are personal data: org admins see their org's, everyone sees their own."""
        from .access import get_access

        access = get_access(user)
        if access.is_platform_admin:
            return self.all()
        return self.filter(Q(user=user) | Q(organization_id__in=access.admin_organization_ids))


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    workspace = models.ForeignKey(
        Workspace,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Empty means organization-wide."),
    )
    role = models.PositiveSmallIntegerField(choices=Role.choices)
    expires_at = models.DateTimeField(null=True, blank=True, help_text=_("For temporary access; empty = no end."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "workspace"], name="membership_unique_per_workspace"
            ),
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(workspace__isnull=True),
                name="membership_unique_org_wide",
            ),
        ]
        indexes = [models.Index(fields=["user", "organization"])]

    def __str__(self):
        where = self.workspace.name if self.workspace_id else "whole organization"
        return f"{self.user} — {self.get_role_display()} ({where})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.workspace_id and self.organization_id and self.workspace.organization_id != self.organization_id:
            raise ValidationError({"workspace": _("This workspace belongs to another organization.")})

    @property
    def is_active(self):
        return self.expires_at is None or self.expires_at > timezone.now()


class ObjectGrantManager(UserObjectPermissionManager):
    def active(self):
        return self.filter(active_q())


class ObjectGrant(UserObjectPermissionAbstract):
    """A permission on one object for one user: django-guardian's model, plus an expiry.

    guardian's shortcuts (assign_perm, remove_perm) write it; our ObjectGrantBackend reads
    it, because guardian's own backend has no notion of expiry.
    """

    expires_at = models.DateTimeField(null=True, blank=True, help_text=_("Empty = no end."))
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = ObjectGrantManager()  # type: ignore[misc]  # guardian declares it a ClassVar

    class Meta(UserObjectPermissionAbstract.Meta):
        abstract = False
        verbose_name = _("object grant")


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user, perm=None):
        """Invitations are an organization's member business: its admins see them, nobody else."""
        from .access import get_access

        access = get_access(user)
        if access.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=access.admin_organization_ids)

    def in_workspace(self, workspace):
        """The invitations of the workspace's organization: an org-wide one names no workspace."""
        return self.filter(organization_id=workspace.organization_id)

    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to join an organization (and a workspace) with a role.

    Only a hash of the link's token is stored: a leaked table gives no usable link. Resending
    replaces the hash, so the old link stops working; accepting or revoking ends it for good."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    workspace = models.ForeignKey(
        Workspace,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text=_("Empty means organization-wide."),
    )
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    role = models.PositiveSmallIntegerField(choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "email"])]

    def __str__(self):
        return f"Invitation of {self.email} to {self.organization}"

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def where(self):
        from django.utils.translation import gettext

        return self.workspace.name if self.workspace_id else gettext("the whole organization")
