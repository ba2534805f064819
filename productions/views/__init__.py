"""Productions pages, split by subject: productions and their tabs, tasks and milestones, compliance."""

from .compliance import compliance, compliance_item, new_compliance_item
from .productions import (
    add_team_member,
    advances,
    edit_production,
    move,
    new_production,
    phase_templates,
    production_detail,
    remove_team_member,
    schedule,
    team,
    workspace_home,
)
from .work import (
    add_checklist_item,
    board,
    comment,
    delete_task,
    edit_milestone,
    edit_task,
    milestone_done,
    milestones,
    move_task,
    my_tasks,
    new_milestone,
    new_task,
    task_detail,
    tasks,
    toggle_checklist_item,
)

__all__ = [
    "add_checklist_item", "add_team_member", "advances", "board", "comment", "compliance", "compliance_item",
    "delete_task", "edit_milestone", "edit_production", "edit_task", "milestone_done", "milestones", "move",
    "move_task", "my_tasks", "new_compliance_item", "new_milestone", "new_production", "new_task",
    "phase_templates", "production_detail", "remove_team_member", "schedule", "task_detail", "tasks", "team",
    "toggle_checklist_item", "workspace_home",
]
