"""Objects of every productions model for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): all named "Zebra Secret …" so a leak is caught."""

import datetime

from dragonfly.tenancy.roles import Role
from productions.models import (
    ChecklistItem,
    ComplianceItem,
    Milestone,
    MilestoneTemplate,
    Production,
    Task,
    TaskComment,
    TeamMember,
)


def make_secret_objects(tenant):
    gladiator = tenant.user(Role.GLADIATOR)
    raider = tenant.user(Role.RAIDER)
    production = Production.objects.create(
        workspace=tenant.workspace,
        name="Zebra Secret Tour",
        code="ZST",
        production_manager=gladiator,
        description="Zebra Secret description",
        tags="zebra secret",
        health_score=55,
        health_factors=[
            {"key": "x", "label": "Zebra Secret factor", "count": 1, "points": -45, "detail": "Zebra Secret detail"}
        ],
    )
    today = datetime.date.today()
    milestone = Milestone.objects.create(
        production=production, title="Zebra Secret milestone", due_date=today, owner=gladiator
    )
    task = Task.objects.create(production=production, title="Zebra Secret task", assignee=raider, due_date=today)
    item = ChecklistItem.objects.create(task=task, text="Zebra Secret checklist item")
    comment = TaskComment.objects.create(task=task, author=gladiator, body="Zebra Secret comment")
    compliance = ComplianceItem.objects.create(
        production=production, title="Zebra Secret permit", authority="Zebra Secret authority", required_by=today
    )
    member = TeamMember.objects.create(production=production, user=raider, title="Zebra Secret stage manager")
    template = MilestoneTemplate.objects.create(
        organization=tenant.org, phase="planning", title="Zebra Secret phase milestone", offset_days=3
    )
    return {
        "production": production,
        "milestone": milestone,
        "task": task,
        "checklist_item": item,
        "comment": comment,
        "compliance": compliance,
        "team_member": member,
        "template": template,
    }
