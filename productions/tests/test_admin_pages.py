"""Every productions and events model is in the admin, and its pages open (a Phantom's too)."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_user
from events.tests.isolation import make_secret_objects as event_objects
from productions.tests.isolation import make_secret_objects as production_objects

pytestmark = pytest.mark.django_db


def test_admin_lists_and_change_pages_open(tenant_a, tenant_b, client):
    objects = list(production_objects(tenant_a).values()) + list(event_objects(tenant_a).values())
    client.force_login(make_user(is_superuser=True, is_staff=True))
    for obj in objects:
        base = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/"
        assert client.get(base).status_code == 200, base
        assert client.get(f"{base}{obj.pk}/change/").status_code == 200, base
    # another organization's administrator sees none of it
    client.force_login(tenant_b.user(Role.PHANTOM))
    for obj in objects:
        base = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/"
        page = client.get(base)
        assert page.status_code in (200, 403) and "Zebra Secret" not in page.content.decode(), base
