"""Dashboards: a person's own page of widgets in a workspace, and the defaults an admin sets.

A dashboard with a `user` is that person's; one without is a default — for one `role` of the
workspace, or (no role either) for everyone in it. What a person sees first is their own, else
their role's default, else the workspace's, else the registry's (dashboard.registry).
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.querysets import TenantQuerySet
from dragonfly.tenancy.roles import Role


class WidgetSize(models.TextChoices):
    SMALL = "small", _("Small")
    WIDE = "wide", _("Wide")


class DashboardQuerySet(TenantQuerySet):
    def defaults(self) -> Self:
        """The defaults an admin set (for a role, or for everyone), not anybody's own."""
        return self.filter(user__isnull=True)


class Dashboard(models.Model):
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="dashboards", verbose_name=_("workspace")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="dashboards",
        help_text=_("Empty: a default dashboard, for a role or for everyone."),
        verbose_name=_("user"),
    )
    role = models.PositiveSmallIntegerField(
        choices=Role.choices,
        null=True,
        blank=True,
        help_text=_("On a default: the role it is for; empty for everyone in the workspace."),
        verbose_name=_("role"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = DashboardQuerySet.as_manager()

    class Meta:
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboards")
        ordering = ["workspace", "role", "id"]
        permissions = [("set_default_dashboard", "Can set a workspace's default dashboards")]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user"], condition=Q(user__isnull=False), name="dashboard_one_per_person"
            ),
            models.UniqueConstraint(
                fields=["workspace", "role"],
                condition=Q(user__isnull=True, role__isnull=False),
                name="dashboard_one_default_per_role",
            ),
            models.UniqueConstraint(
                fields=["workspace"],
                condition=Q(user__isnull=True, role__isnull=True),
                name="dashboard_one_workspace_default",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(role__isnull=True), name="dashboard_personal_has_no_role"
            ),
        ]

    def __str__(self) -> str:
        if self.user_id:
            return f"{self.user} — {self.workspace}"
        return f"{self.role_label} — {self.workspace}"

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else str(_("Everyone"))


class DashboardWidget(models.Model):
    """One widget on a dashboard: which (its registry key), how wide, and where."""

    dashboard = models.ForeignKey(
        Dashboard, on_delete=models.CASCADE, related_name="widgets", verbose_name=_("dashboard")
    )
    key = models.CharField(max_length=60, verbose_name=_("widget"))
    size = models.CharField(max_length=10, choices=WidgetSize.choices, default=WidgetSize.SMALL, verbose_name=_("size"))
    position = models.PositiveIntegerField(default=0, verbose_name=_("position"))

    workspace_path = "dashboard__workspace"
    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("dashboard widget")
        verbose_name_plural = _("dashboard widgets")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["dashboard", "key"], name="dashboard_widget_once")]

    def __str__(self) -> str:
        return f"{self.key} ({self.size})"
