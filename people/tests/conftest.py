"""Fixtures shared by the people tests."""

import pytest

from dragonfly.tenancy.roles import Role

from .helpers import make_person, make_production


@pytest.fixture
def crew(tenant_a):
    """A Raider with their own crew record, a colleague's record, a Navigator and a production."""
    ws = tenant_a.workspace
    raider = tenant_a.user(Role.RAIDER)
    return {
        "ws": ws,
        "raider": raider,
        "navigator": tenant_a.user(Role.NAVIGATOR),
        "me": make_person(ws, "Riley", "Chen", user=raider),
        "other": make_person(ws, "Sam", "Ortiz"),
        "show": make_production(ws, "Main stage"),
    }
