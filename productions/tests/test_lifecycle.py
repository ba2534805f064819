"""The production lifecycle: every move in ALLOWED_TRANSITIONS works, every other is refused
with a reason and changes nothing; entering a phase adds its milestones and tells the team."""

import datetime
import itertools

import pytest

from dragonfly.activity.models import ActivityEntry
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from productions.errors import InvalidTransition, ProductionInvalid
from productions.models import (
    ALLOWED_TRANSITIONS,
    NOTE_REQUIRED,
    Milestone,
    MilestoneTemplate,
    ProductionStatus,
    TeamMember,
)
from productions.services import move_production, save_milestone_templates

from .helpers import make_production

pytestmark = pytest.mark.django_db
S = ProductionStatus
PAIRS = list(itertools.product(S, S))


def test_the_table_is_what_the_issue_describes():
    forward = [S.CONCEPT, S.PLANNING, S.PRE_PRODUCTION, S.IN_PRODUCTION, S.POST_PRODUCTION, S.COMPLETED]
    for a, b in zip(forward, forward[1:], strict=False):
        assert b in ALLOWED_TRANSITIONS[a], (a, b)
    assert ALLOWED_TRANSITIONS[S.COMPLETED] == set() and ALLOWED_TRANSITIONS[S.CANCELLED] == set()
    for phase in forward[:-2]:
        assert {S.ON_HOLD, S.CANCELLED} <= ALLOWED_TRANSITIONS[phase]


@pytest.mark.parametrize("current,target", PAIRS, ids=[f"{a.value}->{b.value}" for a, b in PAIRS])
def test_every_move_is_allowed_or_refused_as_the_table_says(tenant_a, current, target):
    gladiator = tenant_a.user(Role.GLADIATOR)
    production = make_production(tenant_a, status=current)
    entries = ActivityEntry.objects.count()
    note = "Promoter pulled out" if target in NOTE_REQUIRED else ""
    if target in ALLOWED_TRANSITIONS[current]:
        moved = move_production(production, actor=gladiator, to_status=target, note=note)
        assert moved.status == target
        entry = ActivityEntry.objects.for_object(production).first()
        assert (entry.verb, entry.from_state, entry.to_state, entry.note) == ("production.moved", current, target, note)
    else:
        with pytest.raises(InvalidTransition) as refused:
            move_production(production, actor=gladiator, to_status=target, note=note)
        assert target.label.lower() in str(refused.value) or "already" in str(refused.value)
        production.refresh_from_db()
        assert production.status == current
        assert ActivityEntry.objects.count() == entries
        assert not Milestone.objects.exists()


def test_holding_or_cancelling_needs_a_reason(tenant_a):
    production = make_production(tenant_a, status=S.PLANNING)
    with pytest.raises(ProductionInvalid, match="Say why"):
        move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status=S.ON_HOLD)
    production.refresh_from_db()
    assert production.status == S.PLANNING


def test_only_managers_move_productions(tenant_a):
    from django.core.exceptions import PermissionDenied

    production = make_production(tenant_a)
    for role in (Role.NAVIGATOR, Role.DEVIATOR, Role.RAIDER, Role.PASSENGER):
        with pytest.raises(PermissionDenied):
            move_production(production, actor=tenant_a.user(role), to_status=S.PLANNING)


def test_entering_a_phase_adds_its_milestones_once_from_the_organizations_template(tenant_a):
    phantom, gladiator = tenant_a.user(Role.PHANTOM), tenant_a.user(Role.GLADIATOR)
    save_milestone_templates(
        tenant_a.org,
        actor=phantom,
        rows=[
            {"phase": "planning", "title": "Promoter contract", "anchor": "phase_start", "offset_days": 10},
            {"phase": "pre_production", "title": "Permits filed", "anchor": "production_start", "offset_days": -30},
        ],
    )
    start = datetime.date.today() + datetime.timedelta(days=90)
    production = make_production(tenant_a, start_date=start, production_manager=gladiator)
    move_production(production, actor=gladiator, to_status=S.PLANNING)
    move_production(production, actor=gladiator, to_status=S.PRE_PRODUCTION)
    move_production(production, actor=gladiator, to_status=S.PLANNING)  # a step back…
    move_production(production, actor=gladiator, to_status=S.PRE_PRODUCTION)  # …and forward again
    milestones = {m.title: m for m in Milestone.objects.filter(production=production)}
    assert set(milestones) == {"Promoter contract", "Permits filed"}  # once each
    assert milestones["Permits filed"].due_date == start - datetime.timedelta(days=30)
    assert milestones["Permits filed"].owner == gladiator
    assert milestones["Promoter contract"].due_date == datetime.date.today() + datetime.timedelta(days=10)


def test_an_organization_without_templates_starts_from_the_defaults(tenant_a, tenant_b):
    production = make_production(tenant_a)
    move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status=S.PLANNING)
    assert MilestoneTemplate.objects.filter(organization=tenant_a.org).count() > 5
    assert not MilestoneTemplate.objects.filter(organization=tenant_b.org).exists()
    assert Milestone.objects.filter(production=production).count() == 3


def test_the_team_hears_of_the_move_after_the_commit(tenant_a, django_capture_on_commit_callbacks):
    gladiator, deviator = tenant_a.user(Role.GLADIATOR), tenant_a.user(Role.DEVIATOR)
    passenger = tenant_a.user(Role.PASSENGER)
    production = make_production(tenant_a, production_manager=tenant_a.user(Role.AVIATOR))
    TeamMember.objects.create(production=production, user=deviator, title="Stage manager")
    TeamMember.objects.create(production=production, user=gladiator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        move_production(production, actor=gladiator, to_status=S.PLANNING, note="Budget in")
    assert callbacks
    notified = Notification.objects.filter(kind="production.phase")
    assert {n.recipient for n in notified} == {deviator, tenant_a.user(Role.AVIATOR)}  # not the actor
    assert passenger not in {n.recipient for n in notified}
    note = notified.get(recipient=deviator)
    assert "is now in planning" in note.title and "Budget in" in note.body and "Budget approved" in note.body
    # delivering the same entry again changes nothing
    from productions.notifications import notify_for_entry

    entry = ActivityEntry.objects.filter(verb="production.moved").get()
    notify_for_entry(entry.pk)
    assert Notification.objects.filter(kind="production.phase").count() == 2


def test_a_rolled_back_move_notifies_no_one(tenant_a, django_capture_on_commit_callbacks):
    from django.db import transaction

    production = make_production(tenant_a, production_manager=tenant_a.user(Role.AVIATOR))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        move_production(production, actor=tenant_a.user(Role.GLADIATOR), to_status=S.PLANNING)
        raise RuntimeError("the surrounding request failed")
    production.refresh_from_db()
    assert production.status == S.CONCEPT and not Notification.objects.exists() and not Milestone.objects.exists()
