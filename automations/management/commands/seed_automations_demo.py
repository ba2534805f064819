"""Demo automation rules: three per demo organization, made through the automations services by its
admin, and first runs of the advance rule on the latest submitted advances (so the usage log shows
some). Run by seed_demo after the modules whose events the rules hear; safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from advancing.models import Advance
from automations import services
from automations.engine import run
from automations.models import AutomationRule, TriggerCatalog
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces

WORKSPACES = [("northstar", "aurora-tour"), ("bluewave", "summit-2027")]

# (name, trigger, conditions, actions, enabled)
RULES = [
    (
        "Big advances to the Aviators",
        "compvss.advance.submitted",
        [{"field": "estimated_cost", "op": "gt", "value": "5000"}],
        [
            {
                "action": "notify.users",
                "params": {"roles": [Role.AVIATOR], "message": "Over 5,000 and waiting for review: {object}"},
            },
            {"action": "atlvs.advance.review", "params": {"message": ""}},
        ],
        True,
    ),
    (
        "Critical incident: tell the whole workspace",
        "incident.reported",
        [{"field": "severity", "op": "eq", "value": "critical"}],
        [
            {"action": "broadcast.post", "params": {"message": "Critical incident in {workspace}: {object}"}},
            {
                "action": "email.send",
                "params": {"roles": [Role.GLADIATOR, Role.AVIATOR], "message": "Critical incident: {object}"},
            },
        ],
        True,
    ),
    (
        "Approved purchase orders: line up the delivery",
        "po.approved",
        [],
        [
            {
                "action": "notify.users",
                "params": {"roles": [Role.NAVIGATOR], "message": "{object} approved: plan delivery"},
            }
        ],
        False,
    ),
]


class Command(BaseCommand):
    help = "Load demo automation rules and a first run (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        seen = set()
        for workspace in seeded_workspaces(WORKSPACES):
            org = workspace.organization
            admin = member_with_role(workspace, Role.PHANTOM)
            if admin is None or org.pk in seen:
                continue  # seed_demo makes the logins first
            seen.add(org.pk)
            for name, trigger, conditions, actions, enabled in RULES:
                if AutomationRule.objects.filter(organization=org, name=name).exists():
                    continue
                services.create_rule(
                    actor=admin,
                    organization=org,
                    name=name,
                    trigger=TriggerCatalog.objects.get(key=trigger),
                    conditions=conditions,
                    actions=actions,
                    enabled=enabled,
                )
                made += 1
            self._first_runs(org, workspace)
        self.stdout.write(self.style.SUCCESS(f"{made} demo automation rule(s) added."))

    def _first_runs(self, org, workspace):
        """The advance rule's runs on the latest submitted advances: what the usage log shows first."""
        rule = AutomationRule.objects.filter(organization=org, name=RULES[0][0]).first()
        if rule is None or rule.runs.exists():
            return
        advances = Advance.objects.filter(workspace=workspace).exclude(status="draft").order_by("-pk")[:3]
        for advance in advances:
            payload = {
                "name": "advance.submitted",
                "model_label": "advancing.advance",
                "object_id": str(advance.pk),
                "workspace_id": workspace.pk,
                "data": {},
                "depth": 0,
            }
            run(rule.pk, f"demo:{advance.pk}", payload)
