"""Training pages: courses, a course's sessions, a session's list of people and their results."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, form_action, form_page
from dragonfly.core.workspace_views import require_module
from dragonfly.tenancy.access import require

from .. import services
from ..hiring_forms import CourseForm, EnrolForm, SessionForm
from ..models import TrainingCourse, TrainingRecord, TrainingSession
from ._common import paginate, tabs, visible_or_404


def courses(request, org_slug, ws_slug):
    """The workspace's training courses, the certificate each grants and how many sessions it had."""
    workspace = require_module(
        request, "people", "people.view_trainingcourse", _("Your role does not see training in this workspace.")
    )
    user = request.user
    can_add = user.has_perm("people.add_trainingcourse", workspace)
    if request.method == "POST" and not can_add:
        raise PermissionDenied(_("Your role does not create courses in this workspace."))
    rows = (
        TrainingCourse.objects.visible_to(user)
        .in_workspace(workspace)
        .annotate(session_count=Count("sessions"))
        .order_by("name", "id")
    )
    context = {"workspace": workspace, "page": paginate(request, rows), **tabs(workspace, user, "training")}
    return form_page(
        request,
        CourseForm(request.POST or None) if can_add else None,
        save=lambda data: services.create_course(workspace, actor=user, **data),
        template="people/courses.html",
        context=context,
        redirect_to=lambda course: reverse("people:course_detail", args=[course.pk]),
        success=lambda course: _("Course %(name)s created.") % {"name": course.name},
    )


def course_detail(request, pk, *, session_form=None, status=200):
    course = visible_or_404(TrainingCourse, request.user, pk, "workspace__organization")
    user = request.user
    workspace = course.workspace
    sessions = (
        TrainingSession.objects.visible_to(user)
        .filter(course=course)
        .annotate(enrolled=Count("records"))
        .order_by("-date", "id")
    )
    can_add = user.has_perm("people.add_trainingsession", course)
    context = {
        "workspace": workspace,
        "course": course,
        "page": paginate(request, sessions),
        "session_form": (session_form or SessionForm()) if can_add else None,
        **tabs(workspace, user, "training"),
    }
    return render(request, "people/course_detail.html", context, status=status)


@require_POST
def session_add(request, pk):
    course = visible_or_404(TrainingCourse, request.user, pk, "workspace")
    message = _("Your role does not schedule training sessions here.")
    require(request.user, "people.add_trainingsession", course, message)
    return form_action(
        request,
        SessionForm(request.POST),
        save=lambda data: services.schedule_session(course, actor=request.user, **data),
        redisplay=lambda form, status: course_detail(request, pk, session_form=form, status=status),
        redirect_to=lambda session: reverse("people:session_detail", args=[session.pk]),
        success=_("Session scheduled."),
    )


def session_detail(request, pk, *, enrol_form=None, status=200):
    session = visible_or_404(TrainingSession, request.user, pk, "course", "workspace__organization")
    user = request.user
    workspace = session.workspace
    records = list(
        TrainingRecord.objects.visible_to(user)
        .filter(session=session)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "id")
    )
    can_record = user.has_perm("people.change_trainingrecord", workspace)
    can_enrol = user.has_perm("people.add_trainingrecord", workspace) and len(records) < session.capacity
    context = {
        "workspace": workspace,
        "session": session,
        "course": session.course,
        "records": records,
        "can_record": can_record,
        "enrol_form": (enrol_form or EnrolForm(user=user, workspace=workspace)) if can_enrol else None,
        **tabs(workspace, user, "training"),
    }
    return render(request, "people/session_detail.html", context, status=status)


@require_POST
def session_enrol(request, pk):
    session = visible_or_404(TrainingSession, request.user, pk, "workspace")
    require(request.user, "people.add_trainingrecord", session.workspace, _("You may not enrol people in training."))
    return form_action(
        request,
        EnrolForm(request.POST, user=request.user, workspace=session.workspace),
        save=lambda data: services.enroll(session, actor=request.user, person=data["person"]),
        redisplay=lambda form, status: session_detail(request, pk, enrol_form=form, status=status),
        redirect_to=reverse("people:session_detail", args=[session.pk]),
        success=lambda record: _("%(name)s enrolled.") % {"name": record.person.full_name},
        refusal_field="person",
    )


@require_POST
def record_result(request, pk):
    """Passed or failed, from a button on the session's list; a refusal says why and changes nothing."""
    record = visible_or_404(TrainingRecord, request.user, pk, "person", "session")
    return action_page(
        request,
        lambda: services.record_result(record, actor=request.user, result=request.POST.get("result", "")),
        redirect_to=reverse("people:session_detail", args=[record.session_id]),
        success=lambda saved: (
            _("%(name)s: %(result)s.") % {"name": saved.person.full_name, "result": saved.get_result_display()}
        ),
    )
