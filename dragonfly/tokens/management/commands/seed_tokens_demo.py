"""Demo API tokens: the northstar org admin has a read-only token for a budget export script (used an
hour ago) and one for an AI agent over MCP that may also submit and review advances; a crew lead has one
for a stock sync. Made through the tokens service (their secrets are not kept); safe to run twice."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from dragonfly.tokens.models import APIToken
from dragonfly.tokens.services import create_token

# (username, token name, scopes, lifetime in days, last used this long ago or None)
DEMO = [
    ("northstar-phantom", "Budget export script", ["read"], 90, datetime.timedelta(hours=1)),
    ("northstar-phantom", "Claude agent (MCP)", ["read", "advancing:write"], 30, None),
    ("northstar-deviator", "Stock sync", ["advancing:write", "assets:read"], 365, datetime.timedelta(days=2)),
]


class Command(BaseCommand):
    help = "Seed demo personal API tokens (idempotent)."

    def handle(self, *args, **options):
        users = {u.username: u for u in get_user_model().objects.filter(username__in={row[0] for row in DEMO})}
        made = 0
        for username, name, scopes, days, used_ago in DEMO:
            user = users.get(username)
            if user is None or APIToken.objects.filter(user=user, name=name).exists():
                continue
            token, _secret = create_token(user, actor=user, name=name, scopes=scopes, expires_in_days=days)
            if used_ago is not None:
                APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - used_ago)
            made += 1
        self.stdout.write(f"API tokens: {made} made.")
