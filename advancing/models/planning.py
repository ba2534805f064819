"""Around the advances: the catalog's pairings for suggestions, stock mappings and the stock an
approval reserved, templates and roll-over, and share links for outside collaborators (issue 22)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.access import Access

from .advances import Advance, AdvanceItem, CatalogItem


class PairingSource(models.TextChoices):
    CATALOG = "catalog", _("Catalog accessory")
    HISTORY = "history", _("Often requested together")


class ItemPairing(models.Model):
    """`companion` goes well with `item`: a related accessory the catalog names (no workspace), or
    an item that `advances` of the workspace's advances also contained. Written only by
    suggestions.refresh_pairings (a nightly job), read by the advance form's suggestions: one indexed
    query per lookup instead of a co-occurrence count per keystroke."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    companion = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=PairingSource.choices)
    advances = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "-advances", "companion"]
        indexes = [models.Index(fields=["item", "workspace"])]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "companion"], condition=Q(workspace__isnull=True), name="pairing_catalog_once"
            ),
            models.UniqueConstraint(
                fields=["workspace", "item", "companion"],
                condition=Q(workspace__isnull=False),
                name="pairing_history_once",
            ),
        ]

    def __str__(self):
        return f"{self.item_id} → {self.companion_id} ({self.source})"


# --- stock (issue 22): which of the organization's own assets a catalog item is taken from ------------
class StockMapping(models.Model):
    """A catalog item (global) is taken from the organization's own assets of one category, `factor`
    assets per unit of the line (a "PA system" line may take 4 assets of "Audio – speakers")."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    catalog_item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    asset_category = models.CharField(
        _("asset category"), max_length=80, help_text=_("As the assets name it, e.g. Lighting, Audio.")
    )
    factor = models.PositiveIntegerField(
        _("assets per unit"), default=1, help_text=_("How many assets one unit of the line takes.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["catalog_item__item_id", "id"]
        verbose_name = _("stock mapping")
        verbose_name_plural = _("stock mappings")
        constraints = [
            models.UniqueConstraint(fields=["organization", "catalog_item"], name="stock_mapping_once_per_org"),
            models.CheckConstraint(condition=Q(factor__gte=1), name="stock_mapping_factor_positive"),
        ]

    def __str__(self):
        return f"{self.catalog_item_id} → {self.asset_category} × {self.factor}"


class StockReservation(models.Model):
    """An asset reservation made for an advance line when the advance was approved."""

    item = models.ForeignKey(AdvanceItem, on_delete=models.CASCADE, related_name="stock_reservations")
    reservation = models.ForeignKey("assets.Reservation", on_delete=models.CASCADE, related_name="+")
    assets = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    workspace_path = "item__advance__workspace"

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "reservation"], name="stock_reservation_once"),
        ]

    def __str__(self):
        return f"Line {self.item_id} → reservation {self.reservation_id}"


# --- templates and roll-over (issue 22: advancing beyond the plan) ------------------------------
class ProductionType(models.TextChoices):
    """What kind of show a template is for (the templates page filters by it)."""

    ARENA_SHOW = "arena_show", _("Arena show")
    FESTIVAL_STAGE = "festival_stage", _("Festival stage")
    CORPORATE_GALA = "corporate_gala", _("Corporate gala")
    CLUB_SHOW = "club_show", _("Club show")
    OTHER = "other", _("Other")


# Who sees a template: who manages templates (view_advancetemplate) and who may create advances where it
# applies (add_advance); saving, renaming and deleting need add/change/delete_advancetemplate.
TEMPLATE_USE_PERMS = ("advancing.view_advancetemplate", "advancing.add_advance")


class AdvanceTemplateQuerySet(TenantQuerySet):
    """A template limited to a workspace is seen there; an organization-wide one (no workspace) by whoever
    holds the permission in any workspace of the organization (or organization-wide)."""

    def visible_q(self, access, perm):
        perms = (perm,) if perm else TEMPLATE_USE_PERMS
        q = Q(pk__in=[])
        for wanted in perms:
            q |= access.visible_q(self.model, wanted)
            org_ids = {org for org, role in access.org_roles.items() if access.role_has(role, wanted, org)}
            for org_id, ws_role in access.workspace_roles.values():
                role = Role.strongest([ws_role, access.org_roles.get(org_id)])
                if access.role_has(role, wanted, org_id):
                    org_ids.add(org_id)
            org_ids = {org for org in org_ids if "advancing" not in access.modules_off_in(org).organization}
            if org_ids:
                q |= Q(workspace__isnull=True, organization_id__in=sorted(org_ids))
        return q


class AdvanceTemplate(Versioned):
    """A named set of catalog lines (no dates, no status, no fulfilment) an advance can start from:
    "what an arena show always asks for". Organization-wide, or limited to one workspace."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey(
        "tenancy.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    production_type = models.CharField(
        _("production type"), max_length=20, choices=ProductionType.choices, default=ProductionType.OTHER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvanceTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("advance template")
        indexes = [
            models.Index(fields=["organization", "name", "id"], name="advance_template_order"),
            models.Index(fields=["workspace", "name", "id"], name="advance_template_ws_order"),
        ]

    def __str__(self):
        return self.name

    @property
    def scope(self):
        """What a permission on this template is checked on: its workspace, else its organization."""
        return self.workspace if self.workspace_id else self.organization


class AdvanceTemplateLine(models.Model):
    template = models.ForeignKey(AdvanceTemplate, on_delete=models.CASCADE, related_name="lines")
    catalog_item = models.ForeignKey(CatalogItem, on_delete=models.CASCADE, related_name="+")
    quantity = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("1"))
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    workspace_path = "template__workspace"
    organization_path = "template__organization"

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="advance_template_line_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.catalog_item_id}"


class RolloverStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RolloverQuerySet(TenantQuerySet):
    """A roll-over is its requester's (the platform admin sees every one)."""

    def visible_q(self, access, perm):
        return Q(requested_by=access.user)


class Rollover(models.Model):
    """Copying a workspace's advances (a festival edition) into another workspace of the organization
    (next year's) as drafts, run by a Celery task; its summary says what was copied and what was not."""

    organization = models.ForeignKey("tenancy.Organization", on_delete=models.CASCADE, related_name="+")
    source_workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")  # the target
    shift_days = models.IntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=RolloverStatus.choices, default=RolloverStatus.QUEUED)
    copied = models.PositiveIntegerField(default=0)
    # [{"advance": id, "label": "#12 Opening night", "reason": "…"}], in the requester's language
    skipped = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)  # what a copy left out (a production, a line)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RolloverQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)  # the admin lists them; the app reads them through visible_to
        indexes = [models.Index(fields=["requested_by", "created_at"], name="rollover_requester")]

    def __str__(self):
        return f"Roll-over #{self.pk} {self.source_workspace_id} → {self.workspace_id}"


class RolloverCopy(models.Model):
    """The copy of one source advance in a target workspace: once per (source, target workspace), so
    rolling the same edition over twice copies nothing new."""

    source = models.ForeignKey(Advance, on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey("tenancy.Workspace", on_delete=models.CASCADE, related_name="+")
    copy = models.OneToOneField(Advance, on_delete=models.CASCADE, related_name="rolled_over_from")
    rollover = models.ForeignKey(Rollover, null=True, on_delete=models.SET_NULL, related_name="copies")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ("view",)  # the admin lists them; the app reads them through visible_to
        constraints = [models.UniqueConstraint(fields=["source", "workspace"], name="rollover_copy_once")]

    def __str__(self):
        return f"{self.source_id} → {self.copy_id}"


# --- advances shared with outside collaborators (advancing/sharing.py) -------------------------------
class ShareField(models.TextChoices):
    """What of an advance its crew may choose to show on a share link, besides the lines themselves."""

    PRODUCTION = "production", _("Production and team")
    NOTES = "notes", _("Line notes")
    FULFILMENT = "fulfilment", _("What has arrived")


class AdvanceShareLinkQuerySet(TenantQuerySet):
    """A share link is seen by who may edit its advance (the crew who shares it)."""

    def visible_q(self, access: Access, perm: str | None) -> Q:
        return super().visible_q(access, perm or "advancing.change_advance")


class AdvanceShareLink(models.Model):
    """An advance shared with someone outside the organization (an artist's tour manager, a supplier):
    the token is in the URL, only its hash is stored; so is the optional passcode's."""

    advance = models.ForeignKey(Advance, on_delete=models.CASCADE, related_name="share_links")
    label = models.CharField(_("for"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    passcode_hash = models.CharField(max_length=128, blank=True, editable=False)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    shared_fields = models.JSONField(_("also shown"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reset_at = models.DateTimeField(_("reset"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_by = models.CharField(_("last used by"), max_length=400, blank=True)

    workspace_path = "advance__workspace"
    objects = AdvanceShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("advance share link")
        verbose_name_plural = _("advance share links")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["advance", "created_at"], name="advance_share_order")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=models.F("valid_from")), name="advance_share_window"),
        ]

    def __str__(self):
        return f"Advance {self.advance_id} shared with {self.label}"

    @classmethod
    def role_scope(cls, user: User, role: Role) -> Q:
        """A Raider shares only the advances they submitted (as they edit only those)."""
        return Q(advance__submitter=user) if role == Role.RAIDER else Q()

    @property
    def has_passcode(self) -> bool:
        return bool(self.passcode_hash)

    def state(self, now=None) -> str:
        """ "revoked", "not_open", "expired" or "open"."""
        from django.utils import timezone

        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if now < self.valid_from:
            return "not_open"
        if now >= self.valid_until:
            return "expired"
        return "open"
