"""Report pages: the module's home (templates, saved reports, subscriptions, recent exports), a
template or saved report run on a page, the builder with its live preview, exports and their
progress, custom metrics. A view parses input, calls one service (or the engine), renders."""

from itertools import islice

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import action_page, carry_version, paginate, saving_edit, visible_or_404
from dragonfly.core.versioning import StaleEdit
from dragonfly.core.workspace_views import require_module
from dragonfly.files.serving import file_response

from . import exports, services
from .catalog import TEMPLATES, clean_params
from .engine import PREVIEW_ROWS, compute_metric, run_spec
from .errors import ReportInvalid
from .forms import ExportForm, MetricForm, ReportBuilderForm, SubscribeForm, TemplateParamsForm
from .models import CustomMetric, ExportJob, ExportStatus, ReportSubscription, SavedReport
from .registry import sources_for

SECTION = "reports"
PAGE_ROWS = 500  # a report page shows this many rows; an export has them all


def _shown(result, limit=PAGE_ROWS):
    """A result for a page: its first `limit` rows, and whether there are more."""
    rows = [list(zip(result.columns, row, strict=False)) for row in islice(result.rows, limit)]
    return {"result": result, "rows": rows, "cut": result.count > len(rows)}


def _titled(subscriptions):
    """Each subscription with the title of the report it brings (a template's own label)."""
    subscriptions = list(subscriptions)
    for subscription in subscriptions:
        subscription.title = services.report_title(subscription)
    return subscriptions


def workspace_home(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    user = request.user
    saved = SavedReport.objects.visible_to(user).in_workspace(workspace).select_related("owner").order_by("name", "id")
    return render(
        request,
        "reports/home.html",
        {
            "workspace": workspace,
            "templates": [t for t in TEMPLATES.values() if t.may_run(user, workspace)],
            "page": paginate(request, saved),
            "subscriptions": _titled(
                ReportSubscription.objects.visible_to(user)
                .in_workspace(workspace)
                .select_related("saved_report")
                .order_by("id")
            ),
            "exports": ExportJob.objects.visible_to(user).in_workspace(workspace).order_by("-created_at", "-id")[:10],
            "can_build": bool(sources_for(user, workspace)),
            "can_add_metric": user.has_perm("reports.add_custommetric", workspace),
        },
    )


def _template_or_404(request, key):
    template = TEMPLATES.get(key)
    if template is None:
        raise Http404("No such report.")
    workspace = require_module(request, SECTION)
    if not template.may_run(request.user, workspace):
        raise PermissionDenied(_("Your role does not run this report in this workspace."))
    return template, workspace


def _params(form):
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}


def template_report(request, org_slug, ws_slug, key):
    template, workspace = _template_or_404(request, key)
    form = TemplateParamsForm(request.GET or None, template=template)
    if not form.is_bound:  # show the defaults the report runs with (the last 30 days, …)
        form.initial = clean_params(template, workspace, {})
    context, status = {}, 200 if form.is_valid() or not form.is_bound else 400
    if status == 200:
        try:
            context = _shown(
                services.run_template(template, user=request.user, workspace=workspace, params=_params(form))
            )
        except ReportInvalid as exc:
            form.add_error(None, str(exc))
            status = 400
    return render(
        request,
        "reports/report.html",
        {
            **context,
            "workspace": workspace,
            "template": template,
            "params_form": form,
            "params": _params(form),
            "export_url": reverse("reports:export_template", args=[org_slug, ws_slug, key]),
            "subscribe_url": reverse("reports:subscribe_template", args=[org_slug, ws_slug, key]),
            "export_form": ExportForm(),
            "subscribe_form": SubscribeForm(),
        },
        status=status,
    )


def _export(request, workspace, *, template="", saved_report=None, params=None):
    """A small export downloads at once; a large one becomes a job whose page shows its progress."""
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick CSV, XLSX or PDF."))
        return redirect(request.META.get("HTTP_REFERER") or reverse("reports:home"))
    fmt = form.cleaned_data["format"]
    result = services.run_report(
        user=request.user, workspace=workspace, template=template, saved_report=saved_report, params=params
    )
    if result.count <= settings.REPORT_INLINE_EXPORT_ROWS:
        response = HttpResponse(exports.render(result, fmt), content_type=exports.CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(result, fmt)}"'
        return response
    job = services.request_export(
        actor=request.user, workspace=workspace, fmt=fmt, template=template, saved_report=saved_report, params=params
    )
    return redirect("reports:export", job.pk)


@require_POST
def export_template(request, org_slug, ws_slug, key):
    template, workspace = _template_or_404(request, key)
    form = TemplateParamsForm(request.POST, template=template)
    try:
        return _export(request, workspace, template=key, params=_params(form))
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("reports:template", org_slug, ws_slug, key)


def _saved(request, pk):
    return visible_or_404(SavedReport, request.user, pk, "workspace__organization", "owner")


def saved_report(request, pk):
    report = _saved(request, pk)
    context, status = {}, 200
    try:
        context = _shown(services.run_saved(report, user=request.user))
    except ReportInvalid as exc:
        messages.error(request, str(exc))
        status = 400
    subscribed = ReportSubscription.objects.visible_to(request.user).filter(saved_report=report).first()
    return render(
        request,
        "reports/report.html",
        {
            **context,
            "workspace": report.workspace,
            "saved": report,
            "can_change": services.may_change(report, request.user),
            "export_url": reverse("reports:export_saved", args=[report.pk]),
            "subscribe_url": reverse("reports:subscribe_saved", args=[report.pk]),
            "export_form": ExportForm(),
            "subscribe_form": SubscribeForm(initial={"frequency": subscribed.frequency} if subscribed else None),
        },
        status=status,
    )


@require_POST
def export_saved(request, pk):
    report = _saved(request, pk)
    try:
        return _export(request, report.workspace, saved_report=report)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("reports:saved", pk)


# --- the builder -------------------------------------------------------------------------------------
def _builder(request, workspace, report=None):
    user = request.user
    if request.method == "POST":
        data = request.POST.copy()
        if data.get("source") != data.get("shown_source"):  # another source: its fields start afresh
            data = data.__class__(mutable=True)
            for key in ("source", "name", "shared", "csrfmiddlewaretoken"):
                data.setlist(key, request.POST.getlist(key))
        form = ReportBuilderForm(data, user=user, workspace=workspace)
    else:
        initial = (
            ReportBuilderForm.initial_for(report.source, report.spec, name=report.name, shared=report.shared)
            if report
            else {}
        )
        form = ReportBuilderForm(initial=initial, user=user, workspace=workspace)
    carry_version(request, form, report)
    may_save = services.may_change(report, user) if report else user.has_perm("reports.add_savedreport", workspace)
    preview, status = None, 200
    spec = report.spec if report and not form.is_bound else {}
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.chosen is not None:
        spec = form.spec() if form.is_bound else spec
        try:
            if form.is_bound and request.POST.get("action") == "save":
                if not may_save:
                    raise PermissionDenied(_("Your role does not save reports in this workspace."))
                fields = {"name": form.cleaned_data["name"], "source": form.chosen.key, "spec": spec}
                fields["shared"] = form.cleaned_data["shared"]
                with saving_edit(form, report):
                    saved = (
                        services.update_report(report, actor=user, **fields)
                        if report
                        else services.save_report(actor=user, workspace=workspace, **fields)
                    )
                messages.success(request, _("Report “%(name)s” saved.") % {"name": saved.name})
                response = redirect("reports:saved", saved.pk)
                if request.htmx:
                    response = HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
                return response
            preview = _shown(run_spec(user, workspace, form.chosen, spec), PREVIEW_ROWS)
        except StaleEdit:
            status = 409  # the form shows what changed, Reload and Save anyway
        except ReportInvalid as exc:
            form.add_error(None, str(exc))
            status = 400
    context = {"workspace": workspace, "form": form, "preview": preview, "report": report, "may_save": may_save}
    if request.htmx:  # a live preview: htmx swaps only a 200, and the reason must show while the user edits
        return render(request, "reports/_builder.html", context)
    return render(request, "reports/builder.html", context, status=status)


def builder(request, org_slug, ws_slug):
    return _builder(request, require_module(request, SECTION))


def edit_report(request, pk):
    report = _saved(request, pk)
    if not services.may_change(report, request.user):
        raise PermissionDenied(_("You may not change this report."))
    return _builder(request, report.workspace, report)


def _home(workspace):
    return reverse("reports:workspace_home", args=[workspace.organization.slug, workspace.slug])


@require_POST
def delete_report(request, pk):
    report = _saved(request, pk)
    call = lambda: services.delete_report(report, actor=request.user)  # noqa: E731
    return action_page(request, call, redirect_to=_home(report.workspace), success=_("Report deleted."))


# --- subscriptions -------------------------------------------------------------------------------
def _subscribe(request, back, **ref):
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick daily, weekly or monthly."))
        return redirect(back)
    return action_page(
        request,
        lambda: services.subscribe(actor=request.user, frequency=form.cleaned_data["frequency"], **ref),
        redirect_to=back,
        success=_("Subscribed: the report comes to you by email and in your notifications."),
    )


@require_POST
def subscribe_template(request, org_slug, ws_slug, key):
    _template, workspace = _template_or_404(request, key)
    return _subscribe(
        request, reverse("reports:template", args=[org_slug, ws_slug, key]), workspace=workspace, template=key
    )


@require_POST
def subscribe_saved(request, pk):
    report = _saved(request, pk)
    return _subscribe(request, reverse("reports:saved", args=[pk]), workspace=report.workspace, saved_report=report)


@require_POST
def unsubscribe(request, pk):
    subscription = visible_or_404(ReportSubscription, request.user, pk, "workspace__organization")
    call = lambda: services.unsubscribe(subscription, actor=request.user)  # noqa: E731
    return action_page(request, call, redirect_to=_home(subscription.workspace), success=_("Subscription ended."))


# --- export jobs ---------------------------------------------------------------------------------
def _job(request, pk):
    return visible_or_404(ExportJob, request.user, pk, "workspace__organization", "file")


def export_job(request, pk):
    job = _job(request, pk)
    return render(request, "reports/export_job.html", {"job": job, "workspace": job.workspace})


def export_status(request, pk):
    """The progress partial the job page polls (htmx) until the file is ready."""
    return render(request, "reports/_export_status.html", {"job": _job(request, pk)})


def export_download(request, pk):
    job = _job(request, pk)
    if job.status != ExportStatus.DONE or job.file is None:
        raise Http404("This export has no file (yet, or any more).")
    return file_response(job.file, inline=False)


# --- custom metrics -------------------------------------------------------------------------------
def metrics(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    user = request.user
    can_add = user.has_perm("reports.add_custommetric", workspace)
    form = MetricForm(request.POST or None, user=user, workspace=workspace) if can_add else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Your role does not add metrics in this workspace."))
        status = 400
        if form.is_valid():
            try:
                metric = services.create_metric(actor=user, workspace=workspace, **form.cleaned_data)
            except ReportInvalid as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Metric “%(name)s” added.") % {"name": metric.name})
                return redirect("reports:metrics", org_slug, ws_slug)
    shown = CustomMetric.objects.visible_to(user).in_workspace(workspace).order_by("name", "id")
    rows = [(metric, compute_metric(metric, user)) for metric in shown[:100]]
    return render(request, "reports/metrics.html", {"workspace": workspace, "rows": rows, "form": form}, status=status)
