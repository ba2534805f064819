"""Builders for the dashboard stories: a workspace with something in every module, through the
modules' own test helpers (the tenants come from conftest.py)."""

import datetime

from django.utils import timezone

from advancing.models import AdvanceStatus as S
from advancing.tests.helpers import make_advance
from dragonfly.tenancy.roles import Role
from events.models import Incident
from finance.tests.helpers import make_budget
from productions.models import Task
from productions.tests.helpers import book, make_event, make_production

TODAY = timezone.localdate()


def dashboard_url(tenant, suffix="", workspace=None):
    workspace = workspace or tenant.workspace
    return f"/dashboard/w/{tenant.org.slug}/{workspace.slug}/{suffix}"


def fill_workspace(tenant, n=1):
    """`n` of each thing the widgets count: advances in the queue, an event with a crew call, an open
    incident, a task for the Raider, a production with a budget."""
    crew = tenant.user(Role.RAIDER)
    for i in range(n):
        production = make_production(tenant, name=f"Production {tenant.org.slug} {i}")
        make_budget(tenant, production=production)
        make_advance(tenant, S.SUBMITTED, submitter=crew, activation=f"Stage {i}")
        make_advance(tenant, S.UNDER_REVIEW, activation=f"Catering {i}")
        event = make_event(tenant, title=f"Show {i}", start=timezone.now() + datetime.timedelta(days=2, hours=i))
        book(event, crew)
        Incident.objects.create(
            event=event, occurred_at=timezone.now(), title=f"Barrier {i}", description="Gave way", severity="high"
        )
        Task.objects.create(production=production, title=f"Book hotel {i}", assignee=crew, due_date=TODAY)
