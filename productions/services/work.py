"""Milestones and tasks: the production office's to-do lists, with checklists and comments."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.events import publish
from dragonfly.core.inputs import only_fields
from dragonfly.core.workflow import transition

from ..errors import ProductionInvalid
from ..models import (
    PHASES,
    ChecklistItem,
    Milestone,
    Task,
    TaskComment,
    TaskPriority,
    TaskStatus,
)
from ..wording import in_sentence
from ._common import check_person, clean_text, delete_from_production, refresh_health_on_commit, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

    from ..models import Production

MAX_CHECKLIST = 100
TASK_FIELDS = ("title", "description", "assignee", "due_date", "priority")


# --- milestones ----------------------------------------------------------------------------------
def create_milestone(
    production: Production,
    *,
    actor: User,
    title: str,
    due_date: datetime.date | None,
    owner: User | None = None,
    phase: str = "",
) -> Milestone:
    require(actor, "productions.add_milestone", production, _("You may not add milestones to this production."))
    milestone = Milestone(production=production)
    _apply_milestone(milestone, {"title": title, "due_date": due_date, "owner": owner, "phase": phase})
    with transaction.atomic():
        milestone.save()
        record_activity(milestone, actor=actor, verb="milestone.created", workspace=production.workspace)
    refresh_health_on_commit(production)
    return milestone


def update_milestone(milestone: Milestone, *, actor: User, **changes: Any) -> Milestone:
    require(actor, "productions.change_milestone", milestone, _("You may not edit this milestone."))
    _apply_milestone(milestone, changes)
    with transaction.atomic():
        milestone.save()
        record_activity(
            milestone,
            actor=actor,
            verb="milestone.edited",
            workspace=milestone.production.workspace,
            data={"fields": sorted(changes)},
        )
    refresh_health_on_commit(milestone.production)
    return milestone


def set_milestone_done(milestone: Milestone, *, actor: User, done: bool = True) -> Milestone:
    require(actor, "productions.change_milestone", milestone, _("You may not update this milestone."))
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if (locked.done_at is not None) == done:
            return locked  # a repeated click changes nothing
        locked.done_at = timezone.now() if done else None
        locked.save(update_fields=["done_at"])
        record_activity(
            locked,
            actor=actor,
            verb="milestone.done" if done else "milestone.reopened",
            workspace=milestone.production.workspace,
        )
    refresh_health_on_commit(milestone.production)
    milestone.done_at = locked.done_at
    return locked


def delete_milestone(milestone: Milestone, *, actor: User) -> None:
    delete_from_production(milestone, actor=actor, verb="milestone.deleted")


def _apply_milestone(milestone: Milestone, fields: Mapping[str, Any]) -> None:
    workspace = milestone.production.workspace
    if "title" in fields:
        milestone.title = clean_text(fields["title"], _("milestone's title"), max_length=200, required=True)
    if "due_date" in fields:
        if not isinstance(fields["due_date"], datetime.date):
            raise ProductionInvalid(_("Give the milestone a due date."))
        milestone.due_date = fields["due_date"]
    if "owner" in fields:
        check_person(workspace, fields["owner"], _("owner"))
        milestone.owner = fields["owner"]
    if "phase" in fields:
        phase = fields["phase"] or ""
        if phase and phase not in {p.value for p in PHASES}:
            raise ProductionInvalid(_("Pick a phase from the list."))
        milestone.phase = phase


# --- tasks ---------------------------------------------------------------------------------------
def create_task(
    production: Production,
    *,
    actor: User,
    title: str,
    description: str = "",
    assignee: User | None = None,
    due_date: datetime.date | None = None,
    priority: str = TaskPriority.MEDIUM,
    status: str = TaskStatus.TODO,
    checklist: Iterable[str] = (),
) -> Task:
    require(actor, "productions.add_task", production, _("You may not add tasks to this production."))
    if production.is_closed:
        raise ProductionInvalid(
            _("This production is %(status)s; it takes no new tasks.")
            % {"status": in_sentence(production.get_status_display())}
        )
    task = Task(production=production, created_by=actor)
    _apply_task(
        task,
        {"title": title, "description": description, "assignee": assignee, "due_date": due_date, "priority": priority},
    )
    task.status = _status(status)
    items = [clean_text(t, _("checklist item"), max_length=300) for t in checklist if t and t.strip()]
    if len(items) > MAX_CHECKLIST:
        raise ProductionInvalid(_("A checklist holds at most %(max)s items.") % {"max": MAX_CHECKLIST})
    with transaction.atomic():
        task.position = _next_position(production, task.status)
        if task.status == TaskStatus.DONE:
            task.completed_at = timezone.now()
        task.save()
        ChecklistItem.objects.bulk_create(
            [ChecklistItem(task=task, text=text, position=i) for i, text in enumerate(items)]
        )
        record_activity(task, actor=actor, verb="task.created", workspace=production.workspace, to_state=task.status)
        if task.assignee_id and task.assignee_id != actor.pk:
            _assigned(task, actor=actor, workspace=production.workspace)
    refresh_health_on_commit(production)
    return task


def update_task(task: Task, *, actor: User, **changes: Any) -> Task:
    require(actor, "productions.change_task", task, _("You may not edit this task."))
    only_fields(changes, TASK_FIELDS, ProductionInvalid)
    workspace = task.production.workspace
    with transaction.atomic():
        locked = Task.objects.select_for_update(of=("self",)).select_related("production__workspace").get(pk=task.pk)
        before = {f: getattr(locked, f) for f in changes}
        _apply_task(locked, changes)
        changed = sorted(f for f in changes if getattr(locked, f) != before[f])
        if not changed:
            return locked
        locked.save()
        record_activity(locked, actor=actor, verb="task.edited", workspace=workspace, data={"fields": changed})
        if "assignee" in changed and locked.assignee_id and locked.assignee_id != actor.pk:
            _assigned(locked, actor=actor, workspace=workspace)
    refresh_health_on_commit(task.production)
    return locked


def move_task(task: Task, *, actor: User, to_status: str, note: str = "") -> Task:
    """Move a task to another board column (TASK_TRANSITIONS); done stamps when, reopening clears it."""
    require(actor, "productions.change_task", task, _("You may not update this task."))
    to_status = _status(to_status)
    note = clean_text(note, _("note"), max_length=2000)

    def place(locked: Task) -> None:
        locked.completed_at = timezone.now() if to_status == TaskStatus.DONE else None
        locked.position = _next_position(locked.production, to_status)

    moved = transition(
        task,
        to_status,
        actor=actor,
        verb="task.moved",
        note=note,
        fields=["completed_at", "position"],
        prepare=place,
        related=("production__workspace",),
    ).obj
    refresh_health_on_commit(moved.production)
    return moved


def delete_task(task: Task, *, actor: User) -> None:
    delete_from_production(task, actor=actor, verb="task.deleted")


def add_checklist_item(task: Task, *, actor: User, text: str) -> ChecklistItem:
    require(actor, "productions.change_task", task, _("You may not change this task's checklist."))
    text = clean_text(text, _("checklist item"), max_length=300, required=True)
    with transaction.atomic():
        if task.checklist.count() >= MAX_CHECKLIST:
            raise ProductionInvalid(_("A checklist holds at most %(max)s items.") % {"max": MAX_CHECKLIST})
        position = (task.checklist.aggregate(m=Max("position"))["m"] or 0) + 1
        item = ChecklistItem.objects.create(task=task, text=text, position=position)
        record_activity(
            task, actor=actor, verb="task.checklist_added", workspace=task.production.workspace, data={"item": text}
        )
    return item


def set_checklist_item_done(item: ChecklistItem, *, actor: User, done: bool) -> ChecklistItem:
    require(actor, "productions.change_task", item.task, _("You may not change this task's checklist."))
    with transaction.atomic():
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        if (locked.done_at is not None) == bool(done):
            return locked
        locked.done_at = timezone.now() if done else None
        locked.save(update_fields=["done_at"])
        record_activity(
            item.task,
            actor=actor,
            verb="task.checklist_checked" if done else "task.checklist_unchecked",
            workspace=item.task.production.workspace,
            data={"item": locked.text},
        )
    item.done_at = locked.done_at
    return locked


def delete_checklist_item(item: ChecklistItem, *, actor: User) -> None:
    require(actor, "productions.change_task", item.task, _("You may not change this task's checklist."))
    with transaction.atomic():
        record_activity(
            item.task,
            actor=actor,
            verb="task.checklist_removed",
            workspace=item.task.production.workspace,
            data={"item": item.text},
        )
        item.delete()


def comment_on_task(task: Task, *, actor: User, body: str, via: str = "") -> TaskComment:
    """`via="email"`: the comment came as a reply to a notification email (its activity says so)."""
    require(actor, "productions.comment_task", task, _("You may not comment on this task."))
    body = clean_text(body, _("comment"), max_length=5000, required=True)
    with transaction.atomic():
        comment = TaskComment.objects.create(task=task, author=actor, body=body)
        record_activity(
            task,
            actor=actor,
            verb="task.commented",
            workspace=task.production.workspace,
            data={"via": via} if via else None,
        )
    return comment


def _assigned(task: Task, *, actor: User, workspace: Workspace) -> None:
    """Record the assignment and publish `task.assigned` (the assignee hears of it after the commit)."""
    entry = record_activity(
        task, actor=actor, verb="task.assigned", workspace=workspace, data={"assignee": task.assignee_id}
    )
    publish("task.assigned", task, actor=actor, workspace=workspace, entry=entry, data={"assignee": task.assignee_id})


def _apply_task(task: Task, fields: Mapping[str, Any]) -> None:
    workspace = task.production.workspace
    if "title" in fields:
        task.title = clean_text(fields["title"], _("task's title"), max_length=200, required=True)
    if "description" in fields:
        task.description = clean_text(fields["description"], _("description"), max_length=20000)
    if "assignee" in fields:
        check_person(workspace, fields["assignee"], _("assignee"))
        task.assignee = fields["assignee"]
    if "due_date" in fields:
        task.due_date = fields["due_date"]
    if "priority" in fields:
        if fields["priority"] not in TaskPriority.values:
            raise ProductionInvalid(_("Pick a priority from the list."))
        task.priority = fields["priority"]


def _status(value: str) -> TaskStatus:
    try:
        return TaskStatus(value)
    except ValueError:
        raise ProductionInvalid(_("“%(status)s” is not a task status.") % {"status": value}) from None


def _next_position(production: Production, status: str) -> int:
    last = Task.objects.filter(production=production, status=status).aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def comment_by_email(task_pk: int, actor: User, body: str) -> TaskComment:
    """A reply to a task's notification email (dragonfly/notifications/replies.py): the task as the
    sender still sees it, and the comment page's own permission check (in comment_on_task)."""
    task = Task.objects.visible_to(actor).select_related("production__workspace").get(pk=task_pk)
    return comment_on_task(task, actor=actor, body=body, via="email")
