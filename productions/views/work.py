"""Tasks and milestones: the production's lists, the board, "my tasks", the task page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import filter_data, filtered, form_action, form_page, paginate

from .. import services
from ..filters import TaskFilter
from ..forms import ChecklistItemForm, CommentForm, MilestoneForm, TaskForm, TaskMoveForm
from ..models import Milestone, Task, TaskStatus
from ..selectors import local_today
from ..wording import in_sentence
from ._common import (
    error_status,
    get_checklist_item,
    get_milestone,
    get_production,
    get_task,
    production_context,
    safe_querystring,
)

TASK_FILTERS = ("q", "status", "priority", "assignee", "due_before", "due_after", "open", "ordering")


def _with_checklist_counts(tasks):
    return tasks.annotate(
        checklist_total=Count("checklist", distinct=True),
        checklist_done=Count("checklist", filter=Q(checklist__done_at__isnull=False), distinct=True),
    )


def _mark_overdue(rows, today=None):
    """Set `overdue` on each task or milestone (their is_overdue), by the date where its organization works."""
    for row in rows:
        row.overdue = row.is_overdue(today or local_today(row.production.workspace))
    return rows


# --- the production's tasks --------------------------------------------------------------------
def tasks(request, pk, *, form=None, status=200):
    production = get_production(request, pk)
    context = production_context(request, production, "tasks")
    base = _with_checklist_counts(
        Task.objects.visible_to(request.user).filter(production=production).select_related("assignee")
    )
    filterset, rows, filter_status = filtered(request, base, TaskFilter, keys=TASK_FILTERS)
    status = filter_status if filter_status != 200 else status
    if context["can"]["add_task"] and form is None:
        form = TaskForm(workspace=production.workspace, with_checklist=True)
    if not rows.ordered:  # the checklist-count annotation drops the model's default order
        rows = rows.order_by("position", "id")
    page = paginate(request, rows, 50)
    _mark_overdue(page.object_list, local_today(production.workspace))
    context.update(
        {
            "page": page,
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "form": form if context["can"]["add_task"] else None,
            "new_url": "#new-task" if context["can"]["add_task"] else "",
            "today": local_today(production.workspace),
        }
    )
    return render(request, "productions/tab_tasks.html", context, status=status)


@require_POST
def new_task(request, pk):
    production = get_production(request, pk)
    if not request.user.has_perm("productions.add_task", production):
        raise PermissionDenied(_("You may not add tasks to this production."))
    form = TaskForm(request.POST, workspace=production.workspace, with_checklist=True)
    fields = ("title", "description", "assignee", "due_date", "priority")
    back_to = "productions:board" if request.POST.get("next") == "board" else "productions:tasks"
    return form_action(
        request,
        form,
        save=lambda data: services.create_task(
            production, actor=request.user, checklist=form.checklist_items(), **{f: data[f] for f in fields}
        ),
        redisplay=lambda form, status: tasks(request, pk, form=form, status=status),
        redirect_to=reverse(back_to, args=[pk]),
        success=lambda task: _("Task “%(title)s” added.") % {"title": task.title},
    )


def board(request, pk):
    """The production's tasks in columns by status; a select moves a card (htmx swaps the board)."""
    production = get_production(request, pk)
    context = production_context(request, production, "tasks")
    rows = _with_checklist_counts(
        Task.objects.visible_to(request.user)
        .filter(production=production)
        .select_related("assignee")
        .order_by("position", "id")
    )
    columns = {s: [] for s in TaskStatus}
    for task in _mark_overdue(list(rows[:500]), local_today(production.workspace)):
        columns[TaskStatus(task.status)].append(task)
    context.update(
        {
            "columns": [(s, columns[s]) for s in TaskStatus],
            "today": local_today(production.workspace),
            "statuses": TaskStatus.choices,
        }
    )
    template = "productions/_board.html" if request.htmx else "productions/board.html"
    return render(request, template, context)


def my_tasks(request):
    """Everything assigned to me, across the workspaces I belong to: open first, by due date."""
    user = request.user
    base = _with_checklist_counts(
        Task.objects.visible_to(user)
        .filter(assignee=user)
        .select_related("production", "production__workspace__organization", "assignee")
    )
    data = filter_data(request, ("status", "priority", "ordering", "open"))
    if "open" not in data and "status" not in data:
        data["open"] = "true"
    filterset = TaskFilter(data, queryset=base, request=request)
    status = 200
    if not filterset.is_valid():
        status, rows = 400, base.none()
    else:
        rows = filterset.qs
    page = paginate(request, rows, 50)
    _mark_overdue(page.object_list)
    return render(
        request,
        "productions/my_tasks.html",
        {
            "page": page,
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "today": timezone.localdate(),
            "milestones": Milestone.objects.visible_to(user)
            .filter(owner=user, done_at__isnull=True)
            .select_related("production")
            .order_by("due_date")[:20],
        },
        status=status,
    )


# --- one task ---------------------------------------------------------------------------------------
def task_detail(request, pk, *, status=200, error=None, comment_form=None, checklist_form=None):
    from dragonfly.activity.models import ActivityEntry

    task = _mark_overdue([get_task(request, pk)])[0]
    user = request.user
    can_change = user.has_perm("productions.change_task", task)
    context = production_context(request, task.production, "tasks")
    context.update(
        {
            "task": task,
            "checklist": list(task.checklist.all()),
            "comments": list(task.comments.select_related("author")),
            "can_change_task": can_change,
            "can_delete": user.has_perm("productions.delete_task", task),
            "can_comment": user.has_perm("productions.comment_task", task),
            "moves": [s for s in TaskStatus if s in task.allowed_moves()],
            "comment_form": comment_form or CommentForm(),
            "checklist_form": checklist_form or ChecklistItemForm(),
            "history": ActivityEntry.objects.for_object(task)[:10],
            "today": local_today(task.production.workspace),
            "error": error,
        }
    )
    return render(request, "productions/task_detail.html", context, status=status)


def edit_task(request, pk):
    task = get_task(request, pk)
    if not request.user.has_perm("productions.change_task", task):
        raise PermissionDenied(_("You may not edit this task."))
    fields = ["title", "assignee", "due_date", "priority", "description"]
    done = reverse("productions:task", args=[task.pk])
    return _edit_page(
        request, task, TaskForm, fields, services.update_task, tab="tasks", done=done, saved=_("Task saved.")
    )


@require_POST
def move_task(request, pk):
    task = get_task(request, pk)
    form = TaskMoveForm(request.POST)
    board_view = request.POST.get("from") == "board"
    if not form.is_valid():
        return task_detail(request, pk, status=400, error=_("Pick a status."))
    try:
        services.move_task(task, actor=request.user, to_status=form.cleaned_data["status"])
    except DomainError as exc:
        if board_view and request.htmx:
            return board(request, task.production_id)
        return task_detail(request, pk, status=error_status(exc), error=str(exc))
    if board_view:
        if request.htmx:
            return board(request, task.production_id)
        return redirect("productions:board", task.production_id)
    messages.success(request, _("Task moved to %(status)s.") % {"status": in_sentence(task.get_status_display())})
    return redirect("productions:task", pk)


@require_POST
def delete_task(request, pk):
    task = get_task(request, pk)
    production_id = task.production_id
    services.delete_task(task, actor=request.user)
    messages.success(request, _("Task “%(title)s” deleted.") % {"title": task.title})
    return redirect("productions:tasks", production_id)


@require_POST
def add_checklist_item(request, pk):
    task = get_task(request, pk)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return task_detail(request, pk, status=400, checklist_form=form)
    try:
        services.add_checklist_item(task, actor=request.user, text=form.cleaned_data["text"])
    except DomainError as exc:
        return task_detail(request, pk, status=error_status(exc), error=str(exc), checklist_form=form)
    return redirect("productions:task", pk)


@require_POST
def toggle_checklist_item(request, pk):
    item = get_checklist_item(request, pk)
    if request.POST.get("delete"):
        services.delete_checklist_item(item, actor=request.user)
    else:
        services.set_checklist_item_done(item, actor=request.user, done=item.done_at is None)
    if request.htmx:
        return task_detail(request, item.task_id)
    return redirect("productions:task", item.task_id)


@require_POST
def comment(request, pk):
    task = get_task(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return task_detail(request, pk, status=400, comment_form=form)
    try:
        services.comment_on_task(task, actor=request.user, body=form.cleaned_data["body"])
    except DomainError as exc:
        return task_detail(request, pk, status=error_status(exc), error=str(exc), comment_form=form)
    return redirect(reverse("productions:task", args=[pk]) + "#comments")


# --- milestones -------------------------------------------------------------------------------------
def milestones(request, pk, *, form=None, status=200):
    production = get_production(request, pk)
    context = production_context(request, production, "milestones")
    rows = Milestone.objects.visible_to(request.user).filter(production=production).select_related("owner")
    if context["can"]["add_milestone"] and form is None:
        form = MilestoneForm(workspace=production.workspace, initial={"phase": production.status})
    today = local_today(production.workspace)
    context.update(
        {
            "milestones": _mark_overdue(list(rows.order_by("due_date", "id")[:300]), today),
            "form": form,
            "new_url": "#new-milestone" if form is not None else "",  # the empty state's button: the form below
        }
    )
    return render(request, "productions/tab_milestones.html", context, status=status)


@require_POST
def new_milestone(request, pk):
    production = get_production(request, pk)
    if not request.user.has_perm("productions.add_milestone", production):
        raise PermissionDenied(_("You may not add milestones to this production."))
    return form_action(
        request,
        MilestoneForm(request.POST, workspace=production.workspace),
        save=lambda data: services.create_milestone(production, actor=request.user, **data),
        redisplay=lambda form, status: milestones(request, pk, form=form, status=status),
        redirect_to=reverse("productions:milestones", args=[pk]),
        success=_("Milestone added."),
    )


def edit_milestone(request, pk):
    milestone = get_milestone(request, pk)
    if not request.user.has_perm("productions.change_milestone", milestone):
        raise PermissionDenied(_("You may not edit this milestone."))
    fields = ["title", "due_date", "owner", "phase"]
    done = reverse("productions:milestones", args=[milestone.production_id])
    return _edit_page(
        request,
        milestone,
        MilestoneForm,
        fields,
        services.update_milestone,
        tab="milestones",
        done=done,
        saved=_("Milestone saved."),
    )


def _edit_page(request, obj, form_class, fields, update, *, tab, done, saved):
    """The edit page of a task or a milestone: its form under the production's tab, saved by `update`."""
    name = obj._meta.model_name
    return form_page(
        request,
        form_class(request.POST or None, workspace=obj.production.workspace, initial=model_to_dict(obj, fields)),
        save=lambda data: update(obj, actor=request.user, **data),
        template=f"productions/{name}_form.html",
        context={**production_context(request, obj.production, tab), name: obj},
        redirect_to=lambda edited: done,
        success=saved,
        versioned=obj,
    )


@require_POST
def milestone_done(request, pk):
    milestone = get_milestone(request, pk)
    if request.POST.get("delete"):
        services.delete_milestone(milestone, actor=request.user)
        messages.success(request, _("Milestone “%(title)s” deleted.") % {"title": milestone.title})
    else:
        services.set_milestone_done(milestone, actor=request.user, done=milestone.done_at is None)
    return redirect("productions:milestones", milestone.production_id)
