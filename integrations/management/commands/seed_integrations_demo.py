"""Demo integrations: each demo organization has its payments connection, unconfigured (no secrets
in the demo), so its admin's /integrations/ page shows Stripe "not connected". Safe to run twice."""

from django.core.management.base import BaseCommand

from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from integrations import services
from integrations.models import Kind, Provider

WORKSPACES = [("northstar", "aurora-tour"), ("bluewave", "summit-2027")]


class Command(BaseCommand):
    help = "Add the demo organizations' (unconfigured) integration connections."

    def handle(self, *args, **options):
        seen = set()
        for workspace in seeded_workspaces(WORKSPACES):
            admin = member_with_role(workspace, Role.PHANTOM)
            if admin is None or workspace.organization_id in seen:
                continue
            seen.add(workspace.organization_id)
            services.prepare(workspace.organization, actor=admin, kind=Kind.PAYMENTS, provider=Provider.STRIPE)
        self.stdout.write(self.style.SUCCESS(f"{len(seen)} demo payments connection(s), not connected."))
