"""The demo: each demo organization's admin finds three rules and a first run in the usage log;
seeding twice adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from automations.models import AutomationRule, UsageLog

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_rules_once(seeded_demo):
    assert AutomationRule.objects.count() == 6
    assert AutomationRule.objects.values("organization").distinct().count() == 2
    runs = UsageLog.objects.count()
    assert runs >= 2
    call_command("seed_automations_demo", stdout=io.StringIO())
    assert (AutomationRule.objects.count(), UsageLog.objects.count()) == (6, runs)

    client = Client()
    client.force_login(get_user_model().objects.get(username="northstar-phantom"))
    page = client.get("/automations/")
    assert page.status_code == 200
    assert "Big advances to the Aviators" in page.content.decode()
    assert client.get("/automations/log/").status_code == 200
