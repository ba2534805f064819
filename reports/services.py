"""Writes of the reports module: saved reports, subscriptions, custom metrics, export jobs, and the
scheduled delivery. Each takes the acting user keyword-only, checks `actor.has_perm(perm, obj)`, and
writes the row with its activity entry in one transaction. Pages, the API and the tasks call these.

Running a report never writes: `run_report` checks who may run it and reads through `visible_to`."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.inputs import require
from dragonfly.files.services import delete_attachment, store_upload
from dragonfly.tenancy.models import Workspace

from . import exports
from .catalog import TEMPLATES, ReportTemplate
from .engine import Result, check_spec, require_source, run_spec, source_or_refuse
from .errors import ReportInvalid
from .models import (
    Aggregate,
    CustomMetric,
    ExportFormat,
    ExportJob,
    ExportStatus,
    Frequency,
    ReportSubscription,
    SavedReport,
)


# --- running -------------------------------------------------------------------------------------
def template_or_refuse(key: str) -> ReportTemplate:
    template = TEMPLATES.get(key)
    if template is None:
        raise ReportInvalid(_("There is no report template “%(key)s”.") % {"key": key})
    return template


def run_template(template: ReportTemplate, *, user: Any, workspace: Workspace, params: dict[str, Any]) -> Result:
    if not template.may_run(user, workspace):
        raise PermissionDenied(_("Your role does not run this report in this workspace."))
    return template.run(user, workspace, params)


def run_saved(report: SavedReport, *, user: Any) -> Result:
    """A saved report as `user` sees it: the rows of its source visible to them, not to its owner."""
    return run_spec(user, report.workspace, source_or_refuse(report.source), report.spec, title=report.name)


def run_report(
    *, user: Any, workspace: Workspace, template: str = "", saved_report: SavedReport | None = None, params=None
) -> Result:
    if saved_report is not None:
        return run_saved(saved_report, user=user)
    return run_template(template_or_refuse(template), user=user, workspace=workspace, params=params or {})


# --- saved reports ---------------------------------------------------------------------------------
def _name(value: Any) -> str:
    name = str(value or "").strip()
    if not name or len(name) > 200:
        raise ReportInvalid(_("Give the report a name of at most 200 characters."))
    return name


def _unique(workspace: Workspace, owner: Any, name: str, exclude: int | None = None) -> None:
    same = SavedReport.objects.filter(workspace=workspace, owner=owner, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ReportInvalid(_("You already have a report named “%(name)s” here.") % {"name": name})


def save_report(
    *, actor: Any, workspace: Workspace, name: str, source: str, spec: dict[str, Any], shared: bool = False
) -> SavedReport:
    """A custom report of `actor`'s in `workspace` (shared with the workspace when `shared`)."""
    require(actor, "reports.add_savedreport", workspace, _("Your role does not save reports in this workspace."))
    found = source_or_refuse(source)
    require_source(actor, workspace, found)
    report = SavedReport(workspace=workspace, owner=actor, name=_name(name), source=found.key, shared=bool(shared))
    report.spec = check_spec(actor, workspace, found, spec)
    _unique(workspace, actor, report.name)
    with transaction.atomic():
        report.save()
        record_activity(report, actor=actor, verb="report.saved", data={"source": report.source})
    return report


def may_change(report: SavedReport, user: Any) -> bool:
    return report.owner_id == user.pk or bool(user.has_perm("reports.change_savedreport", report))


def update_report(report: SavedReport, *, actor: Any, **changes: Any) -> SavedReport:
    """Change a report's name, sharing or definition (its owner, or a role that changes reports)."""
    if not may_change(report, actor):
        raise PermissionDenied(_("You may not change this report."))
    unknown = set(changes) - {"name", "spec", "shared", "source"}
    if unknown:
        raise ReportInvalid(_("These cannot be changed: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "name" in changes:
        report.name = _name(changes["name"])
        _unique(report.workspace, report.owner, report.name, exclude=report.pk)
    if "source" in changes:
        report.source = source_or_refuse(changes["source"]).key
    if "shared" in changes:
        report.shared = bool(changes["shared"])
    found = source_or_refuse(report.source)
    require_source(actor, report.workspace, found)
    if "spec" in changes or "source" in changes:
        report.spec = check_spec(actor, report.workspace, found, changes.get("spec", report.spec))
    with transaction.atomic():
        report.save()
        record_activity(report, actor=actor, verb="report.edited", data={"fields": sorted(changes)})
    return report


def delete_report(report: SavedReport, *, actor: Any) -> None:
    if not may_change(report, actor):
        raise PermissionDenied(_("You may not delete this report."))
    with transaction.atomic():
        record_activity(report, actor=actor, verb="report.deleted", data={"name": report.name})
        report.delete()


# --- subscriptions ---------------------------------------------------------------------------------
def subscribe(
    *,
    actor: Any,
    workspace: Workspace,
    frequency: str,
    template: str = "",
    saved_report: SavedReport | None = None,
) -> ReportSubscription:
    """`actor` receives the report at `frequency` (one subscription per report: a second call changes it)."""
    if frequency not in Frequency.values:
        raise ReportInvalid(_("Pick daily, weekly or monthly."))
    if saved_report is not None:
        require_source(actor, saved_report.workspace, source_or_refuse(saved_report.source))
        workspace, template = saved_report.workspace, ""
    else:
        found = template_or_refuse(template)
        if not found.may_run(actor, workspace):
            raise PermissionDenied(_("Your role does not run this report in this workspace."))
    with transaction.atomic():
        subscription, created = ReportSubscription.objects.update_or_create(
            user=actor,
            workspace=workspace,
            template=template,
            saved_report=saved_report,
            defaults={"frequency": frequency},
        )
        record_activity(
            subscription,
            actor=actor,
            workspace=workspace,
            verb="report.subscribed" if created else "report.subscription_changed",
            data={"frequency": frequency},
        )
    return subscription


def unsubscribe(subscription: ReportSubscription, *, actor: Any) -> None:
    if subscription.user_id != actor.pk:
        raise PermissionDenied(_("This subscription is someone else's."))
    with transaction.atomic():
        record_activity(subscription, actor=actor, verb="report.unsubscribed")
        subscription.delete()


def report_title(subscription: ReportSubscription | ExportJob) -> str:
    if subscription.saved_report_id and subscription.saved_report:
        return subscription.saved_report.name
    template = TEMPLATES.get(subscription.template)
    return str(template.label) if template else subscription.template


def is_due(subscription: ReportSubscription, today: datetime.date) -> bool:
    """Due today by its frequency, and not sent today already (so a second run sends nothing)."""
    if subscription.last_sent_on == today:
        return False
    if subscription.frequency == Frequency.WEEKLY:
        return today.weekday() == 0
    if subscription.frequency == Frequency.MONTHLY:
        return today.day == 1
    return True


# --- custom metrics -------------------------------------------------------------------------------
def create_metric(
    *,
    actor: Any,
    workspace: Workspace,
    name: str,
    source: str,
    aggregate: str,
    field: str = "",
    filters: list[dict[str, Any]] | None = None,
) -> CustomMetric:
    """A named figure of the workspace: `aggregate` (count, sum, avg) of `field` over `source`."""
    require(actor, "reports.add_custommetric", workspace, _("Your role does not add metrics in this workspace."))
    found = source_or_refuse(source)
    require_source(actor, workspace, found)
    if aggregate not in Aggregate.values:
        raise ReportInvalid(_("Pick count, sum or average."))
    if aggregate != Aggregate.COUNT and not field:
        raise ReportInvalid(_("Pick the field to add up."))
    spec = check_spec(
        actor, workspace, found, {"filters": filters or [], "aggregates": [{"fn": aggregate, "field": field}]}
    )
    name = str(name or "").strip()
    if not name or len(name) > 120:
        raise ReportInvalid(_("Give the metric a name of at most 120 characters."))
    if CustomMetric.objects.filter(workspace=workspace, name__iexact=name).exists():
        raise ReportInvalid(_("This workspace already has a metric named “%(name)s”.") % {"name": name})
    metric = CustomMetric(
        workspace=workspace,
        name=name,
        source=found.key,
        aggregate=aggregate,
        field=field,
        filters=spec["filters"],
        created_by=actor,
    )
    with transaction.atomic():
        metric.save()
        record_activity(metric, actor=actor, verb="report.metric_added")
    return metric


# --- exports --------------------------------------------------------------------------------------
def request_export(
    *,
    actor: Any,
    workspace: Workspace,
    fmt: str,
    template: str = "",
    saved_report: SavedReport | None = None,
    params: dict[str, Any] | None = None,
) -> ExportJob:
    """An export job for `actor`, built by a task on the `exports` queue once this transaction commits.
    The report is checked now (who may run it, its parameters), so a refusal is immediate."""
    from .tasks import report_export

    if fmt not in ExportFormat.values:
        raise ReportInvalid(_("Pick CSV, XLSX or PDF."))
    result = run_report(user=actor, workspace=workspace, template=template, saved_report=saved_report, params=params)
    clean = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in (params or {}).items() if v}
    job = ExportJob(
        workspace=saved_report.workspace if saved_report else workspace,
        requested_by=actor,
        template="" if saved_report else template,
        saved_report=saved_report,
        params=clean,
        title=result.title[:200],
        format=fmt,
        rows=result.count,
    )
    with transaction.atomic():
        job.save()
        record_activity(job, actor=actor, verb="report.export_requested", data={"format": fmt})
        report_export.delay_on_commit(job.pk)
    return job


def build_export(job: ExportJob) -> ExportJob:
    """Build the job's file as its requester sees the report now, keeping `progress` up to date, and
    store it in the `reports` bucket. A job already built is left as it is (the task may run twice)."""
    if job.status in (ExportStatus.DONE, ExportStatus.EXPIRED):
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, progress=0)
    total = max(job.rows, 1)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=min(99, done * 100 // total))

    try:
        result = run_report(
            user=job.requested_by,
            workspace=job.workspace,
            template=job.template,
            saved_report=job.saved_report,
            params=job.params,
        )
        content = exports.render(result, job.format, progress)
    except (ReportInvalid, PermissionDenied) as exc:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    upload = SimpleUploadedFile(exports.filename(result, job.format), content, exports.CONTENT_TYPES[job.format])
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        if job.status == ExportStatus.DONE:
            return job
        job.file = store_upload(
            upload,
            bucket="reports",
            actor=job.requested_by,
            organization=job.workspace.organization,
            attach_to=job,
        )
        job.status, job.progress, job.rows, job.finished_at = ExportStatus.DONE, 100, result.count, timezone.now()
        job.save(update_fields=["file", "status", "progress", "rows", "finished_at"])
    return job


def remove_expired_report_files(now: datetime.datetime, dry_run: bool) -> int:
    """Clean-up step: files of exports older than REPORT_FILE_RETENTION_DAYS go; the job says so."""
    cutoff = now - datetime.timedelta(days=settings.REPORT_FILE_RETENTION_DAYS)
    old = ExportJob.objects.filter(status=ExportStatus.DONE, finished_at__lt=cutoff).select_related("file")
    if dry_run:
        return old.count()
    removed = 0
    for job in old:
        with transaction.atomic():
            if job.file is not None:
                delete_attachment(job.file)
            job.status, job.file = ExportStatus.EXPIRED, None
            job.save(update_fields=["status", "file"])
        removed += 1
    return removed


# --- scheduled delivery ---------------------------------------------------------------------------
def deliver_subscription(subscription_pk: int, *, now: datetime.datetime | None = None) -> bool:
    """Build a due subscription's report (XLSX, as its subscriber sees it) and tell them: in the app
    and by email, through notify(). The row is locked and marked sent in the same transaction, and
    the notification's dedupe key names the day, so a second run the same day sends nothing."""
    from django.urls import reverse

    from dragonfly.notifications.services import notify
    from dragonfly.tenancy.access import local_today

    with transaction.atomic():
        subscription = (
            ReportSubscription.objects.select_for_update(of=("self",))
            .select_related("user", "workspace__organization", "saved_report")
            .filter(pk=subscription_pk)
            .first()
        )
        if subscription is None:
            return False
        today = local_today(subscription.workspace, now)
        if not is_due(subscription, today) or not subscription.user.is_active:
            return False
        try:
            job = request_export(
                actor=subscription.user,
                workspace=subscription.workspace,
                fmt=ExportFormat.XLSX,
                template=subscription.template,
                saved_report=subscription.saved_report,
            )
        except (ReportInvalid, PermissionDenied):
            return False  # the subscriber lost access: nothing is sent
        subscription.last_sent_on = today
        subscription.save(update_fields=["last_sent_on"])
        title = report_title(subscription)
        notify(
            [subscription.user],
            kind="report.delivered",
            title=lambda: _("Your report “%(title)s” is ready") % {"title": title},
            body=lambda: (
                _("Your subscription (%(frequency)s): the report of %(day)s, as an Excel file.")
                % {"frequency": subscription.get_frequency_display(), "day": today.isoformat()}
            ),
            url=reverse("reports:export", args=[job.pk]),
            workspace=subscription.workspace,
            dedupe_key=f"report-subscription:{subscription.pk}:{today.isoformat()}",
        )
    return True
