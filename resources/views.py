"""Resources pages: the workspace's materials and courses, a material, a course with its lessons and
the reader's own progress, the reader's own learning, and grants with their applications. A view parses
input, calls one service, renders."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import (
    action_page,
    filtered,
    form_action,
    form_page,
    paginate,
    safe_querystring,
    visible_or_404,
)
from dragonfly.core.workspace_views import require_module
from dragonfly.files.panel import object_documents
from dragonfly.tenancy.access import local_today

from . import services
from .filters import CourseFilter, GrantApplicationFilter, GrantFilter, MaterialFilter
from .forms import ApplicationDocumentForm, ApplicationForm, CourseForm, GrantForm, LessonForm, MaterialForm, MoveForm
from .models import (
    OPEN_APPLICATION_STATUSES,
    ApplicationStatus,
    Course,
    Enrolment,
    Grant,
    GrantApplication,
    Lesson,
    Material,
)

SECTION = "resources"


def _permitted(request, obj, perm, refusal):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(refusal)
    return obj


# --- materials ------------------------------------------------------------------------------------
def materials(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    base = Material.objects.visible_to(request.user).in_workspace(workspace)
    filterset, rows, status = filtered(request, base, MaterialFilter, keys=("q", "kind", "category", "tag"))
    return render(
        request,
        "resources/materials.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows.order_by("title", "id")),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "can_create": request.user.has_perm("resources.add_material", workspace),
            "section": "materials",
        },
        status=status,
    )


def new_material(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    _permitted(request, workspace, "resources.add_material", _("Your role does not add learning materials here."))
    return form_page(
        request,
        MaterialForm(request.POST or None, request.FILES or None),
        save=lambda data: services.create_material(workspace, actor=request.user, **data),
        template="resources/material_form.html",
        context={"workspace": workspace, "material": None},
        redirect_to=lambda material: reverse("resources:material", args=[material.pk]),
        success=lambda material: _("“%(title)s” added.") % {"title": material.title},
    )


def material_detail(request, pk):
    material = visible_or_404(Material, request.user, pk, "workspace__organization", "document")
    return render(
        request,
        "resources/material_detail.html",
        {
            "material": material,
            "workspace": material.workspace,
            "can_change": request.user.has_perm("resources.change_material", material),
            "can_delete": request.user.has_perm("resources.delete_material", material),
        },
    )


def edit_material(request, pk):
    material = visible_or_404(Material, request.user, pk, "workspace__organization")
    _permitted(request, material, "resources.change_material", _("Your role does not change this material."))
    initial = {name: getattr(material, name) for name in services.MATERIAL_FIELDS}
    return form_page(
        request,
        MaterialForm(request.POST or None, request.FILES or None, initial=initial),
        save=lambda data: services.update_material(material, actor=request.user, **data),
        template="resources/material_form.html",
        context={"workspace": material.workspace, "material": material},
        redirect_to=lambda saved: reverse("resources:material", args=[saved.pk]),
        success=_("Material saved."),
        versioned=material,
    )


@require_POST
def delete_material(request, pk):
    material = visible_or_404(Material, request.user, pk, "workspace__organization")
    _permitted(request, material, "resources.delete_material", _("Your role does not remove this material."))
    workspace = material.workspace
    return action_page(
        request,
        lambda: services.delete_material(material, actor=request.user),
        redirect_to=reverse("resources:workspace_home", args=[workspace.organization.slug, workspace.slug]),
        success=_("Material removed."),
    )


# --- courses --------------------------------------------------------------------------------------
def courses(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    base = Course.objects.visible_to(request.user).in_workspace(workspace)
    filterset, rows, status = filtered(request, base, CourseFilter, keys=("q", "category"))
    return render(
        request,
        "resources/courses.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows.order_by("title", "id")),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "can_create": request.user.has_perm("resources.add_course", workspace),
            "section": "courses",
        },
        status=status,
    )


def new_course(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    _permitted(request, workspace, "resources.add_course", _("Your role does not create courses here."))
    return form_page(
        request,
        CourseForm(request.POST or None, user=request.user, workspace=workspace),
        save=lambda data: services.create_course(workspace, actor=request.user, **data),
        template="resources/course_form.html",
        context={"workspace": workspace, "course": None},
        redirect_to=lambda course: reverse("resources:course", args=[course.pk]),
        success=lambda course: _("“%(title)s” created.") % {"title": course.title},
    )


def edit_course(request, pk):
    course = visible_or_404(Course, request.user, pk, "workspace__organization")
    _permitted(request, course, "resources.change_course", _("Your role does not change this course."))
    initial = {name: getattr(course, name) for name in services.COURSE_FIELDS}
    initial["training_course"] = course.training_course_id
    return form_page(
        request,
        CourseForm(request.POST or None, user=request.user, workspace=course.workspace, initial=initial),
        save=lambda data: services.update_course(course, actor=request.user, **data),
        template="resources/course_form.html",
        context={"workspace": course.workspace, "course": course},
        redirect_to=lambda saved: reverse("resources:course", args=[saved.pk]),
        success=_("Course saved."),
        versioned=course,
    )


def course_detail(request, pk, *, lesson_form=None, status=200):
    course = visible_or_404(Course, request.user, pk, "workspace__organization", "training_course")
    user = request.user
    can_change = user.has_perm("resources.change_course", course)
    enrolment = Enrolment.objects.filter(course=course, user=user).first()
    done = set(enrolment.completions.values_list("lesson_id", flat=True)) if enrolment else set()
    lessons = list(Lesson.objects.filter(course=course).select_related("material").order_by("position", "id"))
    for lesson in lessons:
        lesson.done = lesson.pk in done
    if lesson_form is None and can_change:
        lesson_form = LessonForm(user=user, workspace=course.workspace)
    return render(
        request,
        "resources/course_detail.html",
        {
            "course": course,
            "workspace": course.workspace,
            "lessons": lessons,
            "enrolment": enrolment,
            "can_change": can_change,
            "lesson_form": lesson_form,
        },
        status=status,
    )


@require_POST
def add_lesson(request, pk):
    course = visible_or_404(Course, request.user, pk, "workspace__organization")
    _permitted(request, course, "resources.change_course", _("Your role does not change this course."))
    return form_action(
        request,
        LessonForm(request.POST, user=request.user, workspace=course.workspace),
        save=lambda data: services.add_lesson(course, actor=request.user, **data),
        redisplay=lambda form, status: course_detail(request, pk, lesson_form=form, status=status),
        redirect_to=reverse("resources:course", args=[course.pk]),
        success=_("Lesson added."),
    )


@require_POST
def enrol(request, pk):
    course = visible_or_404(Course, request.user, pk)
    return action_page(
        request,
        lambda: services.enrol(course, actor=request.user),
        redirect_to=reverse("resources:course", args=[course.pk]),
        success=_("You are enrolled. Work through the lessons in any order."),
    )


@require_POST
def complete_lesson(request, pk, lesson_pk):
    enrolment = visible_or_404(Enrolment, request.user, pk, "course")
    lesson = get_object_or_404(Lesson, pk=lesson_pk, course_id=enrolment.course_id)

    def success(result):
        if result.status == "completed":
            return _("Course completed. Well done!")
        return _("Lesson done: %(progress)s %% of the course.") % {"progress": result.progress}

    return action_page(
        request,
        lambda: services.complete_lesson(enrolment, actor=request.user, lesson=lesson),
        redirect_to=reverse("resources:course", args=[enrolment.course_id]),
        success=success,
    )


def mine(request, org_slug, ws_slug):
    """The reader's own enrolments on this workspace's courses (the API lists those on public ones elsewhere too)."""
    workspace = require_module(request, SECTION)
    rows = (
        Enrolment.objects.visible_to(request.user)
        .filter(user=request.user)
        .in_workspace(workspace)
        .select_related("course__workspace")
        .order_by("-enrolled_at", "-id")
    )
    return render(
        request,
        "resources/mine.html",
        {"workspace": workspace, "page": paginate(request, rows), "section": "mine"},
    )


# --- grants ---------------------------------------------------------------------------------------
def grants(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    base = Grant.objects.visible_to(request.user).in_workspace(workspace)
    filterset, rows, status = filtered(request, base, GrantFilter, keys=("q", "category", "tag", "deadline_from"))
    return render(
        request,
        "resources/grants.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows.order_by("deadline", "id")),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "can_create": request.user.has_perm("resources.add_grant", workspace),
            "today": local_today(workspace),
            "section": "grants",
        },
        status=status,
    )


def new_grant(request, org_slug, ws_slug):
    workspace = require_module(request, SECTION)
    _permitted(request, workspace, "resources.add_grant", _("Your role does not add grants here."))
    return form_page(
        request,
        GrantForm(request.POST or None, initial={"owner": request.user}, user=request.user, workspace=workspace),
        save=lambda data: services.create_grant(workspace, actor=request.user, **data),
        template="resources/grant_form.html",
        context={"workspace": workspace, "grant": None},
        redirect_to=lambda grant: reverse("resources:grant", args=[grant.pk]),
        success=lambda grant: _("“%(title)s” added.") % {"title": grant.title},
    )


def edit_grant(request, pk):
    grant = visible_or_404(Grant, request.user, pk, "workspace__organization")
    _permitted(request, grant, "resources.change_grant", _("Your role does not change this grant."))
    initial = {name: getattr(grant, name) for name in services.GRANT_FIELDS}
    return form_page(
        request,
        GrantForm(request.POST or None, initial=initial, user=request.user, workspace=grant.workspace),
        save=lambda data: services.update_grant(grant, actor=request.user, **data),
        template="resources/grant_form.html",
        context={"workspace": grant.workspace, "grant": grant},
        redirect_to=lambda saved: reverse("resources:grant", args=[saved.pk]),
        success=_("Grant saved."),
        versioned=grant,
    )


def grant_detail(request, pk, *, apply_form=None, status=200):
    grant = visible_or_404(Grant, request.user, pk, "workspace__organization", "owner")
    user = request.user
    can_apply = user.has_perm("resources.add_grantapplication", grant.workspace)
    applications = (
        GrantApplication.objects.visible_to(user).filter(grant=grant).select_related("applicant").order_by("-id")
    )
    if apply_form is None and can_apply:
        apply_form = ApplicationForm(initial={"requested_amount": grant.amount})
    return render(
        request,
        "resources/grant_detail.html",
        {
            "grant": grant,
            "workspace": grant.workspace,
            "applications": applications[:50],
            "can_change": user.has_perm("resources.change_grant", grant),
            "can_delete": user.has_perm("resources.delete_grant", grant),
            "apply_form": apply_form if can_apply else None,
            "days_left": (grant.deadline - local_today(grant)).days,
        },
        status=status,
    )


@require_POST
def delete_grant(request, pk):
    grant = visible_or_404(Grant, request.user, pk, "workspace__organization")
    _permitted(request, grant, "resources.delete_grant", _("Your role does not delete this grant."))
    workspace, page = grant.workspace, reverse("resources:grant", args=[grant.pk])
    listed = reverse("resources:grants", args=[workspace.organization.slug, workspace.slug])
    return action_page(
        request,
        lambda: services.delete_grant(grant, actor=request.user),
        redirect_to=lambda deleted: listed if deleted else page,  # refused: back to the grant
        success=_("“%(title)s” deleted.") % {"title": grant.title},
    )


@require_POST
def apply(request, pk):
    grant = visible_or_404(Grant, request.user, pk, "workspace__organization")
    _permitted(
        request, grant.workspace, "resources.add_grantapplication", _("Your role does not apply for grants here.")
    )
    return form_action(
        request,
        ApplicationForm(request.POST),
        save=lambda data: services.apply_for_grant(grant, actor=request.user, **data),
        redisplay=lambda form, status: grant_detail(request, pk, apply_form=form, status=status),
        redirect_to=lambda application: reverse("resources:application", args=[application.pk]),
        success=_("Application started: add its documents, then submit it."),
    )


def _application(request, pk):
    return visible_or_404(GrantApplication, request.user, pk, "grant", "workspace__organization", "applicant")


def application_detail(request, pk, *, document_form=None, status=200):
    application = _application(request, pk)
    user = request.user
    can_change = user.has_perm("resources.change_grantapplication", application)
    is_open = application.status in OPEN_APPLICATION_STATUSES
    if document_form is None and can_change and is_open:
        document_form = ApplicationDocumentForm()
    return render(
        request,
        "resources/application_detail.html",
        {
            "application": application,
            "grant": application.grant,
            "workspace": application.workspace,
            "moves": [(s, ApplicationStatus(s).label) for s in application.moves_for(user)],
            "can_edit": can_change and application.status == ApplicationStatus.DRAFT,
            "document_form": document_form if can_change and is_open else None,
            "documents": object_documents(user, application)[:50],
        },
        status=status,
    )


def edit_application(request, pk):
    application = _application(request, pk)
    _permitted(
        request,
        application,
        "resources.change_grantapplication",
        _("Your role does not change this application."),
    )
    initial = {name: getattr(application, name) for name in services.APPLICATION_FIELDS}
    return form_page(
        request,
        ApplicationForm(request.POST or None, initial=initial),
        save=lambda data: services.update_application(application, actor=request.user, **data),
        template="resources/application_form.html",
        context={"workspace": application.workspace, "application": application, "grant": application.grant},
        redirect_to=lambda saved: reverse("resources:application", args=[saved.pk]),
        success=_("Application saved."),
        versioned=application,
    )


@require_POST
def application_document(request, pk):
    application = _application(request, pk)
    return form_action(
        request,
        ApplicationDocumentForm(request.POST, request.FILES),
        save=lambda data: services.attach_application_document(application, actor=request.user, **data),
        redisplay=lambda form, status: application_detail(request, pk, document_form=form, status=status),
        redirect_to=reverse("resources:application", args=[pk]),
        success=_("Document stored."),
        upload_field="upload",
    )


@require_POST
def move_application(request, pk, to_status):
    application = _application(request, pk)
    if to_status not in ApplicationStatus.values:
        raise Http404("No such status.")
    form = MoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return action_page(
        request,
        lambda: services.move_application(application, actor=request.user, to_status=to_status, note=note),
        redirect_to=reverse("resources:application", args=[pk]),
        success=_("Application moved to “%(status)s”.") % {"status": ApplicationStatus(to_status).label},
    )


def applications(request, org_slug, ws_slug):
    """The workspace's grant applications the reader may see (their own, or all with the view permission)."""
    workspace = require_module(request, SECTION)
    base = GrantApplication.objects.visible_to(request.user).in_workspace(workspace)
    filterset, rows, status = filtered(request, base, GrantApplicationFilter, keys=("status",))
    return render(
        request,
        "resources/applications.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows.select_related("grant", "applicant").order_by("-created_at", "-id")),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "section": "applications",
        },
        status=status,
    )
