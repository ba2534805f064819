"""Who opens which module's workspace page, through the real views (role × URL)."""

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.matrix import assert_url_matrix

pytestmark = pytest.mark.django_db
R = Role
OFFICE = {R.PHANTOM, R.AVIATOR, R.GLADIATOR, R.NAVIGATOR}
CREW = OFFICE | {R.DEVIATOR, R.RAIDER}

EXPECTED = {
    "advancing": CREW | {R.PASSENGER},  # a Passenger reads the workspace's advances
    "productions": CREW | {R.PASSENGER},
    "events": CREW | {R.PASSENGER, R.AMBASSADOR},
    "people": CREW | {R.PASSENGER},
    "assets": (CREW - {R.RAIDER}) | {R.PASSENGER},  # a Raider sees assigned work, not the gear list
    "finance": OFFICE,
    "reports": CREW | {R.PASSENGER},  # each template then opens by its own permission
    "resources": CREW | {R.PASSENGER},  # crew and observers read the learning; managers write it
}


def test_each_role_opens_the_modules_its_role_carries(tenant_a):
    args = [tenant_a.org.slug, tenant_a.workspace.slug]
    requests = {app: ("get", reverse(f"{app}:workspace_home", args=args), None) for app in EXPECTED}
    assert_url_matrix(tenant_a, requests, EXPECTED)


def test_no_role_of_another_organization_opens_any_of_them(tenant_a, tenant_b):
    args = [tenant_a.org.slug, tenant_a.workspace.slug]
    requests = {app: ("get", reverse(f"{app}:workspace_home", args=args), None) for app in EXPECTED}
    assert_url_matrix(tenant_b, requests, {app: set() for app in EXPECTED})
