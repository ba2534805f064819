"""The getting-started checklist ticks itself from what really happened in the organization."""

import pytest
from django.utils import timezone

from advancing.services import create_advance, submit_advance
from advancing.tests.helpers import lines
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member, make_org, make_user, make_workspace
from events.models import CalendarFeed, hash_token
from productions.services.productions import create_production

pytestmark = pytest.mark.django_db


def steps(client):
    return {step.key: done for step, done, _ in client.get("/").context["checklist"]}


def test_each_step_ticks_when_it_happens(login):
    org = make_org("Fresh Co")
    workspace = make_workspace(org, "First Tour")
    founder = make_member(Role.PHANTOM, org)
    client = login(founder)
    assert steps(client) == {"invite": False, "production": False, "advance": False, "calendar": False}

    make_member(Role.DEVIATOR, org, workspace)
    create_production(actor=founder, workspace=workspace, name="Spring Run")
    assert steps(client) == {"invite": True, "production": True, "advance": False, "calendar": False}

    advance = create_advance(actor=founder, workspace=workspace, activation_name="Load-in", items=lines())
    assert steps(client)["advance"] is False  # a draft is not submitted yet
    submit_advance(advance, actor=founder)
    assert steps(client)["advance"] is True

    feed = CalendarFeed.objects.create(user=founder, token_hash=hash_token("t"), hint="t")
    assert steps(client)["calendar"] is False  # an address nobody's calendar has fetched yet
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    assert steps(client)["calendar"] is True


def test_only_the_organizations_admins_see_the_checklist(tenant_a, login):
    assert login(tenant_a.user(Role.GLADIATOR)).get("/").context["checklist"] is None
    assert login(tenant_a.user(Role.PHANTOM)).get("/").context["checklist"] is not None
    assert login(make_user("loner")).get("/").context["checklist"] is None
