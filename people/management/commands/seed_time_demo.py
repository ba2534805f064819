"""Last month's timesheets for the demo crew: hours logged a few days a week, most approved, the
last week's still waiting for approval and one sent back. Built through the timesheet services
(the Navigator logs, the Gladiator reviews), dated from today. Run by seed_demo after the crew
exists (seed_people_assets); a workspace with time entries is left alone."""

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from people import services
from people.models import Person, TimeEntry
from productions.models import Production

DEMO_ORGANIZATIONS = ("northstar", "bluewave")
# (day of last month, hours on site, break minutes)
SHIFTS = [(3, "10", 45), (8, "9.5", 30), (14, "11", 60), (21, "8", 30), (26, "10.5", 45)]
WAITING_FROM = 20  # days of last month from this one are still waiting for approval


class Command(BaseCommand):
    help = "Load last month's demo time entries (approved and waiting) for the demo crew."

    def handle(self, *args, **options):
        made = 0
        people = Person.objects.filter(workspace__organization__slug__in=DEMO_ORGANIZATIONS).select_related(
            "workspace__organization"
        )
        by_workspace = {}
        for person in people.order_by("pk"):
            by_workspace.setdefault(person.workspace, []).append(person)
        for workspace, crew in by_workspace.items():
            logger = member_with_role(workspace, Role.NAVIGATOR) or member_with_role(workspace, Role.GLADIATOR)
            reviewer = member_with_role(workspace, Role.GLADIATOR)
            if reviewer is None or TimeEntry.objects.filter(workspace=workspace).exists():
                continue
            production = Production.objects.filter(workspace=workspace).order_by("start_date", "pk").first()
            first = (local_today(workspace).replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
            with transaction.atomic():
                made += self.timesheets(crew, first, production, logger, reviewer)
        self.stdout.write(self.style.SUCCESS(f"{made} demo time entr(ies) for last month."))

    def timesheets(self, crew, first, production, logger, reviewer):
        made = 0
        for n, person in enumerate(crew):
            # every third person worked every shift; the others every other one
            for day, hours, pause in SHIFTS[n % 2 :: 2] if n % 3 else SHIFTS:
                entry = services.log_hours(
                    person,
                    actor=logger,
                    work_date=first.replace(day=day),
                    hours=Decimal(hours),
                    break_minutes=pause,
                    production=production,
                    notes="Load-in and show call",
                )
                made += 1
                if person.user_id == reviewer.pk:
                    continue  # someone else approves a reviewer's own hours
                if day < WAITING_FROM:
                    services.approve_time_entry(entry, actor=reviewer)
                elif n == 1:
                    services.reject_time_entry(entry, actor=reviewer, note="Break missing: add the lunch hour.")
        return made
