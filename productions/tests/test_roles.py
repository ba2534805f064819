"""Who may do what with productions, milestones, tasks, compliance and teams (role × action)."""

import datetime

import pytest
from guardian.shortcuts import assign_perm

from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_role_matrix
from productions.models import (
    ChecklistItem,
    ComplianceItem,
    Milestone,
    MilestoneTemplate,
    Task,
    TaskComment,
    TeamMember,
)

from .helpers import make_production

pytestmark = pytest.mark.django_db
R = Role
MANAGERS = {R.PHANTOM, R.AVIATOR, R.GLADIATOR}
OFFICE_READERS = MANAGERS | {R.NAVIGATOR, R.DEVIATOR, R.PASSENGER}
READERS = OFFICE_READERS | {R.RAIDER}


def test_production_matrix(tenant_a):
    production = make_production(tenant_a)
    assert_role_matrix(
        tenant_a,
        production,
        {
            "view": "productions.view_production",
            "add": "productions.add_production",
            "change": "productions.change_production",
            "delete": "productions.delete_production",
            "move": "productions.move_production",
        },
        {"view": READERS, "add": MANAGERS, "change": MANAGERS, "delete": MANAGERS, "move": MANAGERS},
    )


def test_milestone_matrix(tenant_a):
    milestone = Milestone.objects.create(
        production=make_production(tenant_a), title="Permits filed", due_date=datetime.date(2027, 1, 15)
    )
    assert_role_matrix(
        tenant_a,
        milestone,
        {
            "view": "productions.view_milestone",
            "change": "productions.change_milestone",
            "delete": "productions.delete_milestone",
        },
        {"view": OFFICE_READERS, "change": MANAGERS, "delete": MANAGERS},
    )


def test_task_matrix_and_the_raider_sees_only_their_own(tenant_a):
    production = make_production(tenant_a)
    raider = tenant_a.user(R.RAIDER)
    theirs = Task.objects.create(production=production, title="Collect lanyards", assignee=raider)
    others = Task.objects.create(production=production, title="Book buses")
    actions = {
        "view": "productions.view_task",
        "change": "productions.change_task",
        "comment": "productions.comment_task",
        "delete": "productions.delete_task",
    }
    office = MANAGERS | {R.NAVIGATOR}
    assert_role_matrix(
        tenant_a,
        theirs,
        actions,
        {
            "view": READERS,
            "change": office | {R.RAIDER},
            "comment": office | {R.DEVIATOR, R.RAIDER},
            "delete": MANAGERS,
        },
    )
    assert_role_matrix(
        tenant_a,
        others,
        actions,
        {
            "view": OFFICE_READERS,
            "change": office,
            "comment": office | {R.DEVIATOR},
            "delete": MANAGERS,
        },
    )
    # adding tasks is a power over the production (Navigators manage tasks)
    for role, user in tenant_a.users.items():
        assert user.has_perm("productions.add_task", production) == (role in office), role


def test_checklist_items_and_comments_are_seen_with_their_task(tenant_a):
    production = make_production(tenant_a)
    raider = tenant_a.user(R.RAIDER)
    own = Task.objects.create(production=production, title="Lanyards", assignee=raider)
    other = Task.objects.create(production=production, title="Buses")
    for task in (own, other):
        item = ChecklistItem.objects.create(task=task, text="Count")
        comment = TaskComment.objects.create(task=task, author=tenant_a.user(R.GLADIATOR), body="ok")
        expected = READERS if task is own else OFFICE_READERS
        for obj in (item, comment):
            assert_role_matrix(tenant_a, obj, {"view": "productions.view_task"}, {"view": expected})


def test_compliance_and_team_matrix(tenant_a):
    production = make_production(tenant_a)
    item = ComplianceItem.objects.create(production=production, title="Noise permit")
    member = TeamMember.objects.create(production=production, user=tenant_a.user(R.DEVIATOR))
    for obj, model in ((item, "complianceitem"), (member, "teammember")):
        assert_role_matrix(
            tenant_a,
            obj,
            {
                "view": f"productions.view_{model}",
                "change": f"productions.change_{model}",
                "delete": f"productions.delete_{model}",
            },
            {"view": OFFICE_READERS, "change": MANAGERS, "delete": MANAGERS},
        )


def test_phase_templates_belong_to_the_organizations_admins(tenant_a, tenant_b):
    template = MilestoneTemplate.objects.create(organization=tenant_a.org, phase="planning", title="Budget")
    for role, user in tenant_a.users.items():
        assert user.has_perm("productions.change_milestonetemplate", tenant_a.org) == (role == R.PHANTOM), role
        assert MilestoneTemplate.objects.visible_to(user).filter(pk=template.pk).exists()
    for user in tenant_b.users.values():
        assert not MilestoneTemplate.objects.visible_to(user).exists()
        assert not user.has_perm("productions.change_milestonetemplate", tenant_a.org)


def test_a_visitor_granted_one_production_sees_it_and_nothing_else(tenant_a, login):
    visitor = tenant_a.user(R.VISITOR)
    shown, hidden = make_production(tenant_a, "Shown"), make_production(tenant_a, "Hidden")
    Task.objects.create(production=shown, title="Secret task")
    assign_perm("productions.view_production", visitor, shown)
    clear_access(visitor)
    client = login(visitor)
    assert client.get(f"/productions/{shown.pk}/").status_code == 200
    assert client.get(f"/productions/{hidden.pk}/").status_code == 404
    assert "Secret task" not in client.get(f"/productions/{shown.pk}/tasks/").content.decode()


def test_a_tab_the_user_is_not_shown_is_a_404_not_an_empty_page(tenant_a, login):
    """A visitor granted one production, but no events or advances, gets neither tab (nor its page)."""
    visitor = tenant_a.user(R.VISITOR)
    production = make_production(tenant_a, "Shown")
    assign_perm("productions.view_production", visitor, production)
    clear_access(visitor)
    client = login(visitor)
    overview = client.get(f"/productions/{production.pk}/").content.decode()
    for tab in ("schedule", "advances"):
        assert f"/productions/{production.pk}/{tab}/" not in overview
        assert client.get(f"/productions/{production.pk}/{tab}/").status_code == 404
