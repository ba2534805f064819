"""Cue calling in the demo: in each organization's first workspace, a show being called now (running
2 minutes late, its second cue on) and this afternoon's matinee called to the end, kept as its
record. Built and called through the events services by the workspace's Gladiator, as a stage
manager would. Run by seed_demo after the season; a show already there is left alone."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from events import services
from events.models import Event

WORKSPACES = [("northstar", "aurora-tour"), ("bluewave", "summit-2027")]
CUES = [("Doors", 30), ("Support act", 35), ("Changeover", 20), ("Headliner", 90), ("Encore", 10)]
# (title, minutes before now it started, per cue called: minutes after the start of standby, go, done)
SHOWS = [
    ("Tonight — live run of show", 50, [(-2, 2, 32), (30, 32, None)]),
    ("Matinee — the record", 300, [(-2, 0, 30), (28, 31, 68), (66, 68, 86), (85, 90, 185), (183, 186, 197)]),
]


class Command(BaseCommand):
    help = "Load a show being called now and a called matinee into the demo workspaces."

    def handle(self, *args, **options):
        now = timezone.now().replace(second=0, microsecond=0)
        made = 0
        for workspace in seeded_workspaces(WORKSPACES):
            manager = member_with_role(workspace, Role.GLADIATOR)
            if manager is None:
                continue
            production = workspace.productions.order_by("start_date", "pk").first()
            for title, minutes_ago, calls in SHOWS:
                if Event.objects.filter(workspace=workspace, title=title).exists():
                    continue  # seeded already
                with transaction.atomic():
                    self.show(
                        workspace, manager, production, title, now - datetime.timedelta(minutes=minutes_ago), calls
                    )
                made += 1
        self.stdout.write(self.style.SUCCESS(f"{made} demo show(s) with called cues."))

    def show(self, workspace, manager, production, title, start, calls):
        event = services.create_event(
            actor=manager,
            workspace=workspace,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3, minutes=30),
            location=production.venue if production else None,
            production=production,
            confirm_conflicts=True,
        ).event
        for item, minutes in CUES:
            services.add_cue(event, actor=manager, item=item, duration=str(minutes), department="stage")
        for cue, moments in zip(event.cues.all(), calls, strict=False):
            for to_status, minute in zip(("standby", "go", "done"), moments, strict=True):
                if minute is not None:
                    services.call_cue(
                        cue, actor=manager, to_status=to_status, at=start + datetime.timedelta(minutes=minute)
                    )
