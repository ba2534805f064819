import io

import pytest
from django.core.management import call_command

from dragonfly.broadcasts.models import Broadcast
from dragonfly.core.events import quietly
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import Tenant
from productions.tests.helpers import book, make_event


@pytest.mark.django_db
def test_the_demo_seed_sends_a_workspace_and_a_crew_broadcast_once(monkeypatch):
    from dragonfly.broadcasts.management.commands import seed_broadcasts_demo

    tenant = Tenant("Northstar")
    show = make_event(tenant, "Aurora Berlin")
    book(show, tenant.user(Role.RAIDER))
    monkeypatch.setattr(seed_broadcasts_demo, "seeded_workspaces", lambda keys: [tenant.workspace])
    with quietly():  # as seed_demo runs it
        call_command("seed_broadcasts_demo", stdout=io.StringIO())
        call_command("seed_broadcasts_demo", stdout=io.StringIO())
    sent = dict(Broadcast.objects.values_list("audience", "target_name"))
    assert sent == {"workspace": tenant.workspace.name, "events.event": "Aurora Berlin"}
