"""Demo broadcasts: per demo workspace, one to everyone and one to the next event's crew, sent through
the broadcast service by the workspace's Gladiator (so the crew's bells hold them); safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.broadcasts.audiences import AUDIENCES
from dragonfly.broadcasts.models import Broadcast
from dragonfly.broadcasts.services import send_broadcast
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces

WORKSPACES = [("northstar", "aurora-tour"), ("bluewave", "summit-2027")]


class Command(BaseCommand):
    help = "Load demo broadcasts: one to a workspace and one to an event's crew (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        for workspace in seeded_workspaces(WORKSPACES):
            sender = member_with_role(workspace, Role.GLADIATOR)
            if sender is None or Broadcast.objects.filter(workspace=workspace).exists():
                continue
            send_broadcast(workspace, actor=sender, message="Catering closes at 22:00 tonight: order before 21:30.")
            made += 1
            if "events.event" in AUDIENCES:
                crews = AUDIENCES["events.event"]
                event = next((e for e in crews.choices(sender, workspace) if crews.people(e)), None)
                if event is not None:
                    send_broadcast(
                        workspace,
                        actor=sender,
                        message="Doors delayed 15 min: crew call unchanged, meet at the loading dock.",
                        audience="events.event",
                        target_id=event.pk,
                    )
                    made += 1
        self.stdout.write(f"Demo broadcasts: {made} sent.")
