"""Demo webhooks: per demo organization, an incoming source with two signed deliveries it accepted
(and one replay it refused), and two outgoing endpoints, left off, aimed at receivers on this
machine. Made through the webhook services by the org admin; safe to run twice."""

import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from dragonfly.webhooks import incoming, services
from dragonfly.webhooks.models import IncomingSource, WebhookEndpoint

WORKSPACES = [("northstar", "aurora-tour"), ("bluewave", "summit-2027")]
LOCAL_RECEIVER = "http://127.0.0.1:8787"
ENDPOINTS = [
    ("Demo: the production office's ERP (a receiver on this machine)", "/erp", ["advance.*", "po.*"]),
    ("Demo: the safety team's chat relay", "/chat", ["incident.reported", "incident.escalated"]),
]


def _signed(secret, msg_id, body):
    moment = timezone.now()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, moment, body),
    }


class Command(BaseCommand):
    help = "Load demo webhooks: an incoming source with deliveries and an outgoing endpoint (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        for workspace in seeded_workspaces(WORKSPACES):
            organization = workspace.organization
            admin = member_with_role(workspace, Role.PHANTOM)
            if admin is None:
                continue  # seed_demo makes the logins first
            if not WebhookEndpoint.objects.filter(organization=organization).exists():
                # Receivers on this machine: allowed here only for the demo; they stay off until an
                # admin turns them on (and the deployment sets WEBHOOKS_ALLOW_PRIVATE_URLS). The test
                # message each gets is logged as not sent, since the endpoint is off.
                for description, path, types in ENDPOINTS:
                    with override_settings(WEBHOOKS_ALLOW_PRIVATE_URLS=True):
                        endpoint = services.create_endpoint(
                            organization,
                            actor=admin,
                            url=LOCAL_RECEIVER + path,
                            description=description,
                            event_types=types,
                            active=False,
                        )
                    services.send_test(endpoint, actor=admin)
                    made += 2
            slug = f"{organization.slug}-ticketing"
            source = IncomingSource.objects.filter(slug=slug).first()
            if source is None:
                source = incoming.create_source(organization, actor=admin, slug=slug, name="Ticketing platform")
                for n, kind in enumerate(("order.paid", "order.refunded"), start=1):
                    body = json.dumps({"type": kind, "data": {"order": 1000 + n, "tickets": 2}}).encode()
                    incoming.receive(source, body, _signed(source.secret, f"msg_demo_{n}", body))
                    made += 1
                incoming.receive(source, body, _signed(source.secret, f"msg_demo_{n}", body))  # a replay: refused
                made += 1
        self.stdout.write(self.style.SUCCESS(f"{made} demo webhook row(s) added."))
