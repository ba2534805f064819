"""Time: my schedule and clock on a phone, my hours, approvals, the hours report and its CSV."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dragonfly.core.csv_export import SafeWriter
from dragonfly.core.errors import DomainError
from dragonfly.core.pages import action_page, carry_version, form_page, list_page, saving_edit, with_defaults
from dragonfly.core.versioning import StaleEdit
from dragonfly.core.workspace_views import require_module
from dragonfly.tenancy.access import user_time

from .. import services
from ..filters import TimeEntryFilter
from ..forms import ClockInForm, ClockOutForm, HoursReportForm, LogHoursForm, RejectTimeForm
from ..models import EDITABLE_TIME_STATUSES, TimeEntry, TimeStatus
from ..selectors import (
    GROUPINGS,
    get_personnel_hours,
    my_records,
    my_schedule,
    my_time_entries,
    open_entry_for,
    todays_shifts,
)
from ._common import error_status, tabs, visible_or_404


# --- the crew member's own screens ---------------------------------------------------------------
def my_schedule_page(request):
    user = request.user
    records = list(my_records(user))
    shifts = list(my_schedule(user))
    today_shifts = todays_shifts(user)
    open_entry = open_entry_for(user)
    context = {
        "records": records,
        "shifts": shifts,
        "open_entry": open_entry,
        "clock_in_form": ClockInForm(assignments=today_shifts, people=records) if records else None,
        "today_shifts": today_shifts,
        "clock_out_form": ClockOutForm() if open_entry else None,
        "now": timezone.now(),
    }
    return render(request, "people/my_schedule.html", context)


@require_POST
def clock_in_view(request):
    user = request.user
    records = list(my_records(user))
    form = ClockInForm(request.POST, assignments=todays_shifts(user), people=records)
    if not records:
        messages.error(request, _("You have no crew record to log time against; ask your crew lead."))
        return redirect("people:my_schedule")
    if not form.is_valid():
        messages.error(request, _("That shift is not one of yours today."))
        return redirect("people:my_schedule")
    assignment = form.cleaned_data.get("assignment")
    person = assignment.person if assignment else (form.cleaned_data.get("person") or records[0])
    try:
        entry = services.clock_in(person, actor=user, assignment=assignment)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("people:my_schedule")
    messages.success(request, _("Clocked in at %(time)s.") % {"time": user_time(entry.clock_in, "H:i")})
    return redirect("people:my_schedule")


@require_POST
def clock_out_view(request):
    user = request.user
    entry = open_entry_for(user)
    if entry is None:
        messages.error(request, _("You are not clocked in."))
        return redirect("people:my_schedule")
    form = ClockOutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Breaks are whole minutes between 0 and 1440."))
        return redirect("people:my_schedule")
    try:
        entry = services.clock_out(entry, actor=user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("people:my_schedule")
    messages.success(
        request,
        _("Clocked out at %(time)s: %(hours)s h logged.")
        % {"time": user_time(entry.clock_out, "H:i"), "hours": entry.hours},
    )
    return redirect("people:my_schedule")


def my_hours(request):
    user = request.user
    records = list(my_records(user))
    today = timezone.localdate()
    try:
        weeks = max(1, min(int(request.GET.get("weeks", 4)), 26))
    except ValueError:
        weeks = 4
    start = today - datetime.timedelta(days=today.weekday() + 7 * (weeks - 1))
    form = LogHoursForm(request.POST or None, user=user, people=records) if records else None
    if request.method == "POST" and form is None:
        messages.error(request, _("You have no crew record to log time against; ask your crew lead."))
        return redirect("people:my_hours")
    entries = list(my_time_entries(user, start=start, end=today))
    weeks_view = {}
    for entry in entries:
        monday = entry.work_date - datetime.timedelta(days=entry.work_date.weekday())
        week = weeks_view.setdefault(monday, {"monday": monday, "entries": [], "hours": 0})
        week["entries"].append(entry)
        week["hours"] += entry.hours
    context = {
        "records": records,
        "weeks": sorted(weeks_view.values(), key=lambda w: w["monday"], reverse=True),
        "total": sum((e.hours for e in entries), 0),
        "start": start,
        "editable": EDITABLE_TIME_STATUSES,
    }
    if form is None:
        return render(request, "people/my_hours.html", {**context, "form": None})
    fields = (
        "work_date",
        "hours",
        "break_minutes",
        "production",
        "notes",
        "override_note",
        "rate",
        "rate_unit",
        "currency",
    )
    return form_page(
        request,
        form,
        save=lambda data: services.log_hours(data["person"], actor=user, **{k: data[k] for k in fields}),
        template="people/my_hours.html",
        context=context,
        redirect_to=lambda entry: reverse("people:my_hours"),
        success=lambda entry: (
            _("%(hours)s h logged for %(work_date)s.")
            % {"hours": entry.hours, "work_date": date_format(entry.work_date, "D d M")}
        ),
    )


def time_entry_edit(request, pk):
    entry = visible_or_404(TimeEntry, request.user, pk, "person", "production", "workspace")
    if not request.user.has_perm("people.change_timeentry", entry):
        raise PermissionDenied(_("You may not change this time entry."))
    if entry.status not in EDITABLE_TIME_STATUSES:
        messages.warning(request, _("Only entries waiting for approval or sent back can be changed."))
        return redirect("people:my_hours")
    status = 200
    error = None
    edit = carry_version(request, SimpleNamespace(), entry)  # a page without a Django form: the version only
    if request.method == "POST":
        try:
            hours = request.POST.get("hours") or None
            with saving_edit(edit, entry):
                services.update_time_entry(
                    entry,
                    actor=request.user,
                    hours=hours if not (entry.clock_in and entry.clock_out) else None,
                    break_minutes=request.POST.get("break_minutes", entry.break_minutes),
                    notes=request.POST.get("notes", entry.notes),
                    override_note=request.POST.get("override_note", entry.override_note),
                )
        except StaleEdit:
            status = 409  # the page shows what changed, Reload and Save anyway
        except DomainError as exc:
            error, status = str(exc), error_status(exc)
        else:
            messages.success(request, _("Time entry saved and sent for approval."))
            return redirect("people:my_hours")
    gross = entry.hours + Decimal(entry.break_minutes) / Decimal(60)
    return render(
        request,
        "people/time_entry_edit.html",
        {"entry": entry, "error": error, "gross": gross, "edit": edit},
        status=status,
    )


# --- approvals -----------------------------------------------------------------------------------
def time_entries(request, org_slug, ws_slug):
    workspace = require_module(
        request, "people", "people.view_timeentry", _("Your role does not see time entries here.")
    )
    user = request.user
    base = (
        TimeEntry.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("person", "production", "event", "approved_by")
        .order_by("-work_date", "-id")
    )
    context = {
        "workspace": workspace,
        "can_approve": user.has_perm("people.approve_timeentry", workspace),
        "reject_form": RejectTimeForm(),
        # Only the default view (pending entries) is "nothing to approve"; any other query filtered it empty.
        "filtered": bool(request.GET),
        **tabs(workspace, user, "time"),
    }
    return list_page(
        request,
        base,
        TimeEntryFilter,
        template="people/time_entries.html",
        context=context,
        data=with_defaults(request, status=TimeStatus.PENDING),  # bound to the default status filter
    )


@require_POST
def time_entry_approve(request, pk):
    entry = visible_or_404(TimeEntry, request.user, pk, "person", "workspace__organization")
    return action_page(
        request,
        lambda: services.approve_time_entry(entry, actor=request.user, note=request.POST.get("note", "")),
        redirect_to=_entries_url(entry),
        success=_("%(full_name)s: %(hours)s h on %(work_date)s approved.")
        % {"full_name": entry.person.full_name, "hours": entry.hours, "work_date": date_format(entry.work_date, "d M")},
    )


@require_POST
def time_entry_reject(request, pk):
    entry = visible_or_404(TimeEntry, request.user, pk, "person", "workspace__organization")
    form = RejectTimeForm(request.POST)
    return action_page(
        request,
        lambda: services.reject_time_entry(entry, actor=request.user, note=form.data.get("note", "")),
        redirect_to=_entries_url(entry),
        success=_("%(full_name)s: %(work_date)s sent back.")
        % {"full_name": entry.person.full_name, "work_date": date_format(entry.work_date, "d M")},
    )


@require_POST
def time_bulk_approve(request, org_slug, ws_slug):
    workspace = require_module(request, "people")
    done, refused = services.bulk_approve(request.POST.getlist("ids"), actor=request.user)
    if done:
        messages.success(
            request,
            ngettext("%(count)s time entry approved.", "%(count)s time entries approved.", len(done))
            % {"count": len(done)},
        )
    for pk, reason in refused:
        messages.error(request, _("#%(pk)s: %(reason)s") % {"pk": pk, "reason": reason})
    if not done and not refused:
        messages.warning(request, _("Select the entries to approve."))
    return redirect("people:time_entries", workspace.organization.slug, workspace.slug)


def _entries_url(entry):
    ws = entry.workspace
    return reverse("people:time_entries", args=[ws.organization.slug, ws.slug])


# --- the hours report ---------------------------------------------------------------------------
def _report(request, workspace):
    user = request.user
    if not user.has_perm("people.view_timeentry", workspace):
        raise PermissionDenied(_("Your role does not see hours here."))
    form = HoursReportForm(request.GET or None, user=user, workspace=workspace)
    start, end = form.period()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    group_by = data.get("group_by") or "person"
    report = get_personnel_hours(
        user=user,
        workspace=workspace,
        start=start,
        end=end,
        group_by=group_by,
        approved_only=data.get("approved_only", False),
        production=data.get("production"),
    )
    return form, report


def hours_report(request, org_slug, ws_slug):
    workspace = require_module(request, "people")
    form, report = _report(request, workspace)
    query = request.GET.copy()
    context = {
        "workspace": workspace,
        "form": form,
        "report": report,
        "group_label": GROUPINGS[report.group_by],
        "export_query": query.urlencode(),
        **tabs(workspace, request.user, "hours"),
    }
    return render(request, "people/hours_report.html", context, status=400 if form.errors else 200)


def hours_export(request, org_slug, ws_slug):
    workspace = require_module(request, "people")
    form, report = _report(request, workspace)
    if form.errors:
        raise Http404(_("Fix the report filters first."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"hours-{workspace.slug}-{report.start:%Y%m%d}-{report.end:%Y%m%d}-{report.group_by}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = SafeWriter(response)
    writer.writerow(
        [GROUPINGS[report.group_by], _("Entries"), _("Regular hours"), _("Overtime hours"), _("Total hours")]
    )
    for row in report.rows:
        writer.writerow([row.label, row.entries, row.regular, row.overtime, row.total])
    writer.writerow([_("Total"), report.entries, report.regular, report.overtime, report.total])
    return response
