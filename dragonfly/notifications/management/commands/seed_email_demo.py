"""Demo email bounce: the northstar crew member's mailbox bounced yesterday (as Postmark's webhook
would report it), so their profile shows the notice and the admin lists it. Made through the
bounce service; the provider event id makes a second run add nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from dragonfly.notifications.bounces import record_suppression

USERNAME = "northstar-raider"


class Command(BaseCommand):
    help = "Seed a demo email bounce (idempotent)."

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=USERNAME).exclude(email="").first()
        row = user and record_suppression(
            user.email,
            reason="bounced",
            provider="Postmark",
            event_id="demo-bounce-1",
            occurred_at=timezone.now() - datetime.timedelta(days=1),
            description="smtp;550 5.2.2 Mailbox full",
        )
        self.stdout.write(f"Email bounces: {1 if row else 0} made.")
