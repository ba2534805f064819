"""Reports: saved custom reports, subscriptions to reports, export jobs and custom metrics.

The shipped report templates are code (reports/catalog.py), not rows; a saved report is a spec
over the allow-list of the builder (reports/registry.py). Who may run what is decided by the
source's own permission in the workspace, and every row a report shows is read through the
source model's `visible_to(user)` (reports/engine.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.models import ModuleAnchor
from dragonfly.core.versioning import Versioned

from .querysets import CustomMetricQuerySet, ExportJobQuerySet, SavedReportQuerySet, SubscriptionQuerySet


class Module(ModuleAnchor):
    class Meta(ModuleAnchor.Meta):
        permissions = [("open_module", "Can open the Reports module")]


class SavedReport(Versioned):
    """A custom report: a source, its columns, filters, grouping and aggregates, under a name."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="saved_reports", verbose_name=_("workspace")
    )
    name = models.CharField(max_length=200, verbose_name=_("name"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_reports", verbose_name=_("owner")
    )
    source = models.CharField(max_length=40, verbose_name=_("source"))
    spec = models.JSONField(default=dict, blank=True, verbose_name=_("definition"))
    shared = models.BooleanField(
        default=False, help_text=_("Everyone in the workspace who opens reports sees it."), verbose_name=_("shared")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = SavedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved report")
        verbose_name_plural = _("saved reports")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["workspace", "name"], name="savedreport_ws_name")]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "owner", "name"], name="savedreport_unique_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly (Mondays)")
    MONTHLY = "monthly", _("Monthly (the 1st)")


class ReportSubscription(models.Model):
    """A person receives a report (a shipped template or a saved report) daily, weekly or monthly."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_subscriptions", verbose_name=_("user")
    )
    template = models.CharField(max_length=40, blank=True, verbose_name=_("report template"))
    saved_report = models.ForeignKey(
        SavedReport,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("saved report"),
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY, verbose_name=_("frequency")
    )
    last_sent_on = models.DateField(null=True, blank=True, verbose_name=_("last sent on"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")
        ordering = ["user_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(template="", saved_report__isnull=False) | (~Q(template="") & Q(saved_report__isnull=True)),
                name="subscription_one_report",
            )
        ]
        indexes = [models.Index(fields=["workspace", "user"], name="subscription_ws_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.template or self.saved_report} ({self.frequency})"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Removed after retention")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ExportJob(models.Model):
    """One export of a report into a file, built by a task (queue `exports`); the file is in the
    `reports` bucket and only its requester downloads it."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_exports",
        verbose_name=_("requested by"),
    )
    template = models.CharField(max_length=40, blank=True, verbose_name=_("report template"))
    saved_report = models.ForeignKey(
        SavedReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("saved report")
    )
    params = models.JSONField(default=dict, blank=True, verbose_name=_("parameters"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    format = models.CharField(max_length=4, choices=ExportFormat.choices, verbose_name=_("format"))
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED, verbose_name=_("status")
    )
    progress = models.PositiveSmallIntegerField(default=0, verbose_name=_("progress (%)"))
    rows = models.PositiveIntegerField(default=0, verbose_name=_("rows"))
    file = models.ForeignKey(
        "files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("file")
    )
    error = models.CharField(max_length=300, blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="exportjob_user_recent"),
            models.Index(fields=["status", "finished_at"], name="exportjob_status_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.format})"

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)


class Aggregate(models.TextChoices):
    COUNT = "count", _("Count")
    SUM = "sum", _("Sum")
    AVG = "avg", _("Average")


class CustomMetric(models.Model):
    """A named figure of a workspace (an aggregate over one source, optionally filtered) that a
    dashboard shows by calling `reports.engine.compute_metric`."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="custom_metrics", verbose_name=_("workspace")
    )
    name = models.CharField(max_length=120, verbose_name=_("name"))
    source = models.CharField(max_length=40, verbose_name=_("source"))
    aggregate = models.CharField(max_length=5, choices=Aggregate.choices, verbose_name=_("aggregate"))
    field = models.CharField(max_length=60, blank=True, verbose_name=_("field"))
    filters = models.JSONField(default=list, blank=True, verbose_name=_("filters"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = CustomMetricQuerySet.as_manager()

    class Meta:
        verbose_name = _("custom metric")
        verbose_name_plural = _("custom metrics")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="custommetric_unique_name")]

    def __str__(self) -> str:
        return self.name
