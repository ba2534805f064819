"""Hiring pages: open positions, a position's pipeline board, an applicant's page and their stage moves."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, form_action, form_page
from dragonfly.core.workspace_views import require_module
from dragonfly.tenancy.access import require

from .. import services
from ..hiring_forms import (
    ApplicantCertificateForm,
    ApplicantForm,
    InterviewNoteForm,
    OpeningForm,
    StageMoveForm,
)
from ..hiring_models import PIPELINE
from ..models import Application, ApplicationCertificate, ApplicationStatus, InterviewNote, Opening
from ..privacy import applicant_data_pks, can_see_applicant_data
from ._common import error_status, paginate, tabs, visible_or_404

A = ApplicationStatus
# What a stage move's button says.
MOVE_LABELS = {
    A.SCREENED: gettext_lazy("Mark screened"),
    A.INTERVIEWED: gettext_lazy("Mark interviewed"),
    A.OFFERED: gettext_lazy("Make an offer"),
    A.HIRED: gettext_lazy("Hire"),
    A.DECLINED: gettext_lazy("Decline"),
}


def move_buttons(application, user):
    """The stage moves `user` may make on `application` now, as buttons (forward first, decline last)."""
    return [
        {"status": s, "label": MOVE_LABELS[A(s)], "style": "danger" if s == A.DECLINED else "primary"}
        for s in application.moves_for(user)
    ]


def _stage_counts(user, openings):
    """{opening pk: {stage: count}} of the applications `user` sees, for one page of openings (one query)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Application.objects.visible_to(user)
        .filter(opening__in=[o.pk for o in openings])
        .values("opening_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["opening_id"], {})[row["status"]] = row["n"]
    return counts


def openings(request, org_slug, ws_slug):
    """The workspace's open positions (open first) with their applicants per stage; managers add new ones."""
    workspace = require_module(
        request, "people", "people.view_opening", _("Your role does not see hiring in this workspace.")
    )
    user = request.user
    can_add = user.has_perm("people.add_opening", workspace)
    if request.method == "POST" and not can_add:
        raise PermissionDenied(_("Your role does not open positions in this workspace."))
    rows = (
        Opening.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("production")
        .order_by("-is_open", "title", "id")
    )
    page = paginate(request, rows)
    counts = _stage_counts(user, page.object_list)
    for opening in page.object_list:
        found = counts.get(opening.pk, {})
        opening.stages = [(s.label, found.get(s, 0)) for s in PIPELINE]
        opening.total = sum(found.values())
    context = {"workspace": workspace, "page": page, **tabs(workspace, user, "hiring")}
    return form_page(
        request,
        OpeningForm(request.POST or None, user=user, workspace=workspace) if can_add else None,
        save=lambda data: services.create_opening(workspace, actor=user, **data),
        template="people/openings.html",
        context=context,
        redirect_to=lambda opening: reverse("people:opening_detail", args=[opening.pk]),
        success=lambda opening: _("Position %(title)s opened.") % {"title": opening.title},
    )


def opening_detail(request, pk, *, applicant_form=None, status=200):
    """A position's pipeline: one column per stage, each applicant with the moves the user may make."""
    opening = visible_or_404(Opening, request.user, pk, "workspace__organization", "production")
    user = request.user
    workspace = opening.workspace
    applications = list(
        Application.objects.visible_to(user)
        .filter(opening=opening)
        .select_related("workspace")  # each card's moves check the role in it
        .order_by("last_name", "first_name", "id")
    )
    personal = applicant_data_pks(user, applications)
    columns = {s: [] for s in PIPELINE}
    for application in applications:
        application.show_personal = application.pk in personal
        application.buttons = move_buttons(application, user)
        columns[A(application.status)].append(application)
    can_add = opening.is_open and user.has_perm("people.add_application", opening)
    context = {
        "workspace": workspace,
        "opening": opening,
        "columns": [(s, s.label, columns[s]) for s in PIPELINE],
        "any_applicants": bool(applications),
        "move_form": StageMoveForm(),
        "applicant_form": (applicant_form or ApplicantForm()) if can_add else None,
        "can_close": opening.is_open and user.has_perm("people.change_opening", opening),
        **tabs(workspace, user, "hiring"),
    }
    return render(request, "people/opening_detail.html", context, status=status)


@require_POST
def applicant_add(request, pk):
    opening = visible_or_404(Opening, request.user, pk, "workspace__organization")
    require(request.user, "people.add_application", opening, _("You may not record applicants for this position."))
    fields = ("first_name", "last_name", "email", "phone", "notes")
    return form_action(
        request,
        ApplicantForm(request.POST, request.FILES),
        save=lambda data: services.add_applicant(
            opening, actor=request.user, cv=data.get("cv"), **{k: data[k] for k in fields}
        ),
        redisplay=lambda form, status: opening_detail(request, pk, applicant_form=form, status=status),
        redirect_to=lambda application: reverse("people:application_detail", args=[application.pk]),
        success=lambda application: _("%(name)s added as an applicant.") % {"name": application.full_name},
        upload_field="cv",
    )


@require_POST
def opening_close(request, pk):
    opening = visible_or_404(Opening, request.user, pk)
    return action_page(
        request,
        lambda: services.close_opening(opening, actor=request.user),
        redirect_to=reverse("people:opening_detail", args=[opening.pk]),
        success=_("Position closed; it takes no more applicants."),
    )


def application_detail(request, pk, *, note_form=None, cert_form=None, move_form=None, error=None, status=200):
    """An applicant: stage and moves, certificates, interview notes; contact and CV where allowed."""
    application = visible_or_404(Application, request.user, pk, "opening__workspace__organization", "cv", "person")
    user = request.user
    workspace = application.opening.workspace
    open_stage = application.status not in (A.HIRED, A.DECLINED)
    can_note = user.has_perm("people.add_interviewnote", application)
    can_cert = open_stage and user.has_perm("people.add_applicationcertificate", application)
    context = {
        "workspace": workspace,
        "application": application,
        "opening": application.opening,
        "show_personal": can_see_applicant_data(user, application),
        "buttons": move_buttons(application, user),
        "move_form": move_form or StageMoveForm(),
        "error": error,
        "certificates": list(ApplicationCertificate.objects.visible_to(user).filter(application=application)),
        "notes": list(InterviewNote.objects.visible_to(user).filter(application=application).select_related("author")),
        "note_form": (note_form or InterviewNoteForm()) if can_note else None,
        "cert_form": (cert_form or ApplicantCertificateForm()) if can_cert else None,
        **tabs(workspace, user, "hiring"),
    }
    return render(request, "people/application_detail.html", context, status=status)


@require_POST
def application_move(request, pk):
    application = visible_or_404(Application, request.user, pk)
    form = StageMoveForm(request.POST)
    if not form.is_valid():
        return application_detail(request, pk, move_form=form, status=400, error=_("Pick the stage to move to."))
    return action_page(
        request,
        lambda: services.move_application(application, actor=request.user, **form.cleaned_data),
        redirect_to=lambda moved: reverse("people:application_detail", args=[application.pk]),
        success=lambda moved: (
            _("%(name)s is now %(stage)s.") % {"name": moved.full_name, "stage": moved.get_status_display()}
        ),
        on_refusal=lambda exc: application_detail(
            request, pk, move_form=form, status=error_status(exc), error=str(exc)
        ),
    )


@require_POST
def interview_note_add(request, pk):
    application = visible_or_404(Application, request.user, pk)
    require(request.user, "people.add_interviewnote", application, _("You may not add interview notes here."))
    return form_action(
        request,
        InterviewNoteForm(request.POST),
        save=lambda data: services.add_interview_note(application, actor=request.user, **data),
        redisplay=lambda form, status: application_detail(request, pk, note_form=form, status=status),
        redirect_to=reverse("people:application_detail", args=[application.pk]),
        success=_("Interview note saved."),
    )


@require_POST
def applicant_certificate_add(request, pk):
    application = visible_or_404(Application, request.user, pk)
    require(
        request.user,
        "people.add_applicationcertificate",
        application,
        _("You may not record certificates on this application."),
    )
    return form_action(
        request,
        ApplicantCertificateForm(request.POST),
        save=lambda data: services.add_applicant_certificate(application, actor=request.user, **data),
        redisplay=lambda form, status: application_detail(request, pk, cert_form=form, status=status),
        redirect_to=reverse("people:application_detail", args=[application.pk]),
        success=lambda cert: _("%(label)s certificate recorded.") % {"label": cert.label},
    )
