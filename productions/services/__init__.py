"""Productions workflows, split by subject. Every change to a production, milestone, task or
compliance item goes through one of these functions: the object first, the acting user
keyword-only, one transaction, the permission checked with `actor.has_perm(perm, obj)`, the
activity entry written in that transaction, notifications and the health refresh queued for
after the commit. A refusal raises before anything is written.
"""

from .compliance import (
    check_compliance_item,
    create_compliance_item,
    delete_compliance_item,
    expiry_stage,
    update_compliance_item,
)
from .health import calculate_production_health, get_production_summary, refresh_production_health
from .productions import (
    add_team_member,
    create_phase_milestones,
    create_production,
    delete_production,
    ensure_milestone_templates,
    milestone_templates,
    move_production,
    remove_team_member,
    save_milestone_templates,
    update_production,
)
from .work import (
    add_checklist_item,
    comment_on_task,
    create_milestone,
    create_task,
    delete_checklist_item,
    delete_milestone,
    delete_task,
    move_task,
    set_checklist_item_done,
    set_milestone_done,
    update_milestone,
    update_task,
)

__all__ = [
    "add_checklist_item",
    "add_team_member",
    "calculate_production_health",
    "check_compliance_item",
    "comment_on_task",
    "create_compliance_item",
    "create_milestone",
    "create_phase_milestones",
    "create_production",
    "create_task",
    "delete_checklist_item",
    "delete_compliance_item",
    "delete_milestone",
    "delete_production",
    "delete_task",
    "ensure_milestone_templates",
    "expiry_stage",
    "get_production_summary",
    "milestone_templates",
    "move_production",
    "move_task",
    "refresh_production_health",
    "remove_team_member",
    "save_milestone_templates",
    "set_checklist_item_done",
    "set_milestone_done",
    "update_compliance_item",
    "update_milestone",
    "update_production",
    "update_task",
]
