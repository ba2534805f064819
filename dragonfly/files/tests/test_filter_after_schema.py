"""The object-type filter keeps its choices after the API schema was built (which builds every
filterset's fields once, on the class)."""

import pytest

from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_production

from .helpers import make_document

pytestmark = pytest.mark.django_db


def test_the_object_type_filter_after_the_schema(tenant_a, login):
    rider = make_document(tenant_a, attach_to=make_production(tenant_a))
    client = login(tenant_a.user(Role.GLADIATOR))
    assert client.get("/api/schema/").status_code == 200
    listed = client.get("/api/files/", {"object_type": "productions.production"})
    assert [row["id"] for row in listed.json()["results"]] == [rider.pk]
