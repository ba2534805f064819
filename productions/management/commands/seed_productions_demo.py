"""The demo productions' boards: each moved into its phase (so the phase milestones come from the
organization's template), with its own milestones, tasks in every column (some overdue, some
done) and compliance items and permits. Built through the productions services by each
workspace's Gladiator, dated around today. Run by seed_demo; a production with tasks is left alone."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.access import local_today, workspace_people
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from productions import services
from productions.models import ComplianceKind, ComplianceStatus, Production, ProductionStatus, TaskPriority, TaskStatus

DEMO_ORGANIZATIONS = ("northstar", "bluewave")
# (title, due in days from today, done)
MILESTONES = [
    ("Venue contract signed", -30, True),
    ("Production schedule locked", -8, True),
    ("Crew list confirmed", -2, False),
    ("Final advance sent to the venue", 5, False),
]
# (title, due in days, column, priority, who does it, checklist)
TASKS = [
    (
        "Confirm rigging plot with the venue",
        -10,
        TaskStatus.DONE,
        TaskPriority.HIGH,
        Role.NAVIGATOR,
        ["Points", "Loads"],
    ),
    ("Advance power requirements", -6, TaskStatus.DONE, TaskPriority.MEDIUM, Role.DEVIATOR, []),
    ("Book crew hotels", -3, TaskStatus.IN_PROGRESS, TaskPriority.HIGH, Role.NAVIGATOR, ["Rooming list", "Deposits"]),
    ("Send the stage plot to the local promoter", -1, TaskStatus.TODO, TaskPriority.URGENT, Role.GLADIATOR, []),
    ("Order consumables: tape, batteries, gels", 4, TaskStatus.TODO, TaskPriority.MEDIUM, Role.RAIDER, []),
    ("Finalise catering numbers", 6, TaskStatus.BLOCKED, TaskPriority.MEDIUM, Role.DEVIATOR, []),
    ("Print laminates and wristbands", 9, TaskStatus.TODO, TaskPriority.LOW, Role.RAIDER, []),
]
# (kind, title, authority, status, required by, expires on: days from today)
COMPLIANCE = [
    (ComplianceKind.PERMIT, "Noise permit", "City environmental office", ComplianceStatus.APPROVED, -5, 40),
    (ComplianceKind.PERMIT, "Temporary structures permit", "Building department", ComplianceStatus.SUBMITTED, 7, None),
    (ComplianceKind.INSURANCE, "Public liability certificate", "Harbor Mutual", ComplianceStatus.APPROVED, -20, 6),
    (ComplianceKind.RISK_ASSESSMENT, "Crowd management risk assessment", "", ComplianceStatus.REQUIRED, 3, None),
    (ComplianceKind.LICENCE, "Temporary alcohol licence", "Licensing board", ComplianceStatus.APPROVED, -40, -2),
    (ComplianceKind.SAFETY_PLAN, "Event safety plan", "", ComplianceStatus.REJECTED, 2, None),
]


class Command(BaseCommand):
    help = "Load demo milestones, tasks and compliance items into the demo productions."

    def handle(self, *args, **options):
        made = 0
        productions = (
            Production.objects.filter(workspace__organization__slug__in=DEMO_ORGANIZATIONS)
            .exclude(tasks__isnull=False)
            .select_related("workspace__organization")
            .order_by("pk")
        )
        for production in productions:
            actor = member_with_role(production.workspace, Role.GLADIATOR)
            if actor is None:
                continue
            people = set(workspace_people(production.workspace))
            staff = {role: member_with_role(production.workspace, role) for _, _, _, _, role, _ in TASKS}
            staff = {role: user if user in people else actor for role, user in staff.items()}
            with transaction.atomic():
                self.phase(production, actor)
                self.board(production, actor, staff)
                self.compliance(production, actor)
            made += 1
        self.stdout.write(self.style.SUCCESS(f"Boards and compliance for {made} demo production(s)."))

    def phase(self, production, actor):
        """Into pre-production, and into production once the first show is at most two weeks away."""
        today = local_today(production.workspace)
        moves = [ProductionStatus.PRE_PRODUCTION]
        if production.start_date and production.start_date <= today + datetime.timedelta(days=14):
            moves.append(ProductionStatus.IN_PRODUCTION)
        for status in moves:
            production = services.move_production(production, actor=actor, to_status=status)

    def board(self, production, actor, staff):
        today = local_today(production.workspace)
        for title, due, done in MILESTONES:
            milestone = services.create_milestone(
                production, actor=actor, title=title, due_date=today + datetime.timedelta(days=due), owner=actor
            )
            if done:
                services.set_milestone_done(milestone, actor=actor)
        for title, due, status, priority, role, checklist in TASKS:
            task = services.create_task(
                production,
                actor=actor,
                title=title,
                assignee=staff[role],
                due_date=today + datetime.timedelta(days=due),
                priority=priority,
                checklist=checklist,
            )
            if status == TaskStatus.DONE:  # worked on first, so the history shows both moves
                task = services.move_task(task, actor=actor, to_status=TaskStatus.IN_PROGRESS)
            if status != TaskStatus.TODO:
                services.move_task(task, actor=actor, to_status=status)

    def compliance(self, production, actor):
        today = local_today(production.workspace)

        def days(n):
            return None if n is None else today + datetime.timedelta(days=n)

        for kind, title, authority, status, required_by, expires in COMPLIANCE:
            services.create_compliance_item(
                production,
                actor=actor,
                title=title,
                kind=kind,
                authority=authority,
                status=status,
                required_by=days(required_by),
                expires_on=days(expires),
                owner=actor,
            )
