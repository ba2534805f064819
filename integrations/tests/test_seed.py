"""The demo: each demo organization's admin finds Stripe "not connected", with no secrets stored."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from integrations.models import Connection

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_unconfigured_payments_connection(seeded_demo):
    call_command("seed_integrations_demo", stdout=io.StringIO())  # a second run adds nothing
    assert Connection.objects.count() == 2
    assert not Connection.objects.filter(enabled=True).exists()
    assert not Connection.objects.exclude(secrets="").exists()

    client = Client()
    client.force_login(get_user_model().objects.get(username="northstar-phantom"))
    page = client.get("/integrations/")
    assert page.status_code == 200 and "not connected" in page.content.decode()
