"""Automations: the trigger and action catalogs, the rules an organization admin builds from them,
and the usage log every run writes.

A rule listens to one trigger (a domain event: `advance.submitted`, `po.approved`, …), checks its
conditions against the event's object and data (`conditions.py`, no eval) and runs its ordered
actions (`actions.py`) in Celery after the commit (`engine.py`). Each run is one
`automation_usage_log` row, unique per (rule, event): the same event twice runs a rule once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.tenancy.querysets import VisibleQuerySet


class TriggerCatalog(models.Model):
    """A trigger a rule may listen to: one domain event of a module (the platform spec's keys)."""

    key = models.CharField(max_length=100, unique=True, verbose_name=_("key"))
    event_name = models.CharField(max_length=100, db_index=True, verbose_name=_("domain event"))
    model_label = models.CharField(max_length=100, blank=True, verbose_name=_("object type"))
    label = models.CharField(max_length=200, verbose_name=_("label"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    module = models.CharField(max_length=40, blank=True, verbose_name=_("module"))
    platform_scope = models.JSONField(default=list, blank=True, verbose_name=_("platform scope"))

    class Meta:
        db_table = "automation_trigger_catalog"
        verbose_name = _("trigger")
        verbose_name_plural = _("trigger catalog")
        ordering = ["module", "key"]

    def __str__(self) -> str:
        return f"{self.label} ({self.key})"


class ActionCatalog(models.Model):
    """An action a rule may run; its behaviour is the handler of the same key in `actions.py`."""

    key = models.CharField(max_length=100, unique=True, verbose_name=_("key"))
    label = models.CharField(max_length=200, verbose_name=_("label"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    platform_scope = models.JSONField(default=list, blank=True, verbose_name=_("platform scope"))

    class Meta:
        db_table = "automation_action_catalog"
        verbose_name = _("action")
        verbose_name_plural = _("action catalog")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.label} ({self.key})"


class AdminQuerySet(VisibleQuerySet):
    def of_member(self, user):
        """Rows of any organization `user` belongs to: a non-admin's 403 instead of a 404."""
        from dragonfly.tenancy.access import get_access

        access = get_access(user)
        if not access.authenticated:
            return self.none()
        if access.is_platform_admin:
            return self.all()
        return self.filter(organization_id__in=access.organization_ids)


class RuleQuerySet(AdminQuerySet):
    """Rules are an organization admin's: an org-wide Phantom or Legend sees their organization's."""

    def visible_q(self, access, perm):
        return Q(organization_id__in=access.admin_organization_ids)


class AutomationRule(Versioned):
    """When `trigger` fires in the organization (or in `workspace` only), and every condition holds,
    run `actions` in order. `conditions`: [{"field", "op", "value"}]; `actions`: [{"action", "params"}]."""

    organization = models.ForeignKey(
        "tenancy.Organization",
        on_delete=models.CASCADE,
        related_name="automation_rules",
        verbose_name=_("organization"),
    )
    workspace = models.ForeignKey(
        "tenancy.Workspace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="automation_rules",
        verbose_name=_("workspace"),
        help_text=_("Empty: every workspace of the organization."),
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    trigger = models.ForeignKey(
        TriggerCatalog, on_delete=models.PROTECT, related_name="rules", verbose_name=_("trigger")
    )
    conditions = models.JSONField(default=list, blank=True, verbose_name=_("conditions"))
    actions = models.JSONField(default=list, blank=True, verbose_name=_("actions"))
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("automation rule")
        verbose_name_plural = _("automation rules")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["organization", "name"], name="autorule_org_name"),
            models.Index(fields=["organization", "enabled", "trigger"], name="autorule_org_trigger"),
        ]

    def __str__(self) -> str:
        return self.name


class RunResult(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    SKIPPED = "skipped", _("Conditions not met")
    FAILED = "failed", _("Failed")
    LOOP_STOPPED = "loop_stopped", _("Stopped (loop guard)")


FINISHED = (RunResult.SUCCEEDED, RunResult.SKIPPED, RunResult.FAILED, RunResult.LOOP_STOPPED)


class UsageLogQuerySet(AdminQuerySet):
    def visible_q(self, access, perm):
        return Q(organization_id__in=access.admin_organization_ids)


class UsageLog(models.Model):
    """One run of one rule for one event (`automation_usage_log`)."""

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rule = models.ForeignKey(AutomationRule, on_delete=models.CASCADE, related_name="runs", verbose_name=_("rule"))
    trigger_key = models.CharField(max_length=100, verbose_name=_("trigger"))
    event_id = models.CharField(max_length=80, verbose_name=_("event"))
    event_name = models.CharField(max_length=100, verbose_name=_("domain event"))
    model_label = models.CharField(max_length=100, blank=True, verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("object"))
    object_repr = models.CharField(max_length=200, blank=True, verbose_name=_("object"))
    depth = models.PositiveSmallIntegerField(default=0, verbose_name=_("depth"))
    actions_run = models.JSONField(default=list, blank=True, verbose_name=_("actions run"))
    result = models.CharField(
        max_length=20, choices=RunResult.choices, default=RunResult.RUNNING, verbose_name=_("result")
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    duration_ms = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("duration (ms)"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    objects = UsageLogQuerySet.as_manager()

    class Meta:
        db_table = "automation_usage_log"
        verbose_name = _("automation run")
        verbose_name_plural = _("automation usage log")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "event_id"], name="automation_run_once_per_event")]
        indexes = [
            models.Index(fields=["organization", "-created_at", "-id"], name="autolog_org_created"),
            models.Index(fields=["rule", "-created_at"], name="autolog_rule_created"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} · {self.event_name} · {self.result}"
