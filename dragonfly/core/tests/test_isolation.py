"""Every URL of the project, walked from the URL conf so new pages are covered automatically.

Organization A owns objects whose names are markers; a member of organization B requests
every page and API route, filled with A's ids and slugs: the answer is a 404 (or B's own,
empty list), never A's data, and nothing of A changes. Anonymous users are sent to log in.
"""

import importlib
import uuid
from decimal import Decimal

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import (
    MODULE_APPS,
    assert_anonymous_sent_to_log_in,
    assert_another_org_sees_nothing,
    project_patterns,
    values_for,
)
from productions.models import Production


@pytest.fixture
def secret_world(tenant_a):
    from django.core.files.base import ContentFile

    from dragonfly.files.services import store_upload

    tenant_a.org.name = "Acme Secret Org"
    tenant_a.org.save()
    production = Production.objects.create(workspace=tenant_a.workspace, name="Zebra Secret Show")
    pdf = ContentFile(b"%PDF-1.4\n%secret\n", name="secret-rider.pdf")
    attachment = store_upload(
        pdf, bucket="documents", actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace, attach_to=production
    )
    objects = {"production": production, "attachment": attachment}
    try:
        from advancing.models import Advance, AdvanceComment, AdvanceItem

        advance = Advance.objects.create(
            organization=tenant_a.org,
            workspace=tenant_a.workspace,
            production=production,
            submitter=tenant_a.user(Role.RAIDER),
            activation_name="Secret Activation",
            status="submitted",
            estimated_cost=Decimal("100"),
        )
        item = AdvanceItem.objects.create(advance=advance, name="Secret Activation PA", quantity=1, unit="Per Unit")
        comment = AdvanceComment.objects.create(advance=advance, author=advance.submitter, body="Zebra Secret comment")
        objects.update(advance=advance, item=item, comment=comment)
    except ImportError:  # pragma: no cover - advancing always exists here
        pass
    # Each module adds its own objects: `<app>/tests/isolation.py` defines
    # `make_secret_objects(tenant) -> dict` whose objects are named "Zebra Secret ...".
    for app in (*MODULE_APPS, "dragonfly.webhooks", "dragonfly.broadcasts"):
        try:
            module = importlib.import_module(f"{app}.tests.isolation")
        except ModuleNotFoundError:
            continue
        objects.update({f"{app}.{k}": v for k, v in module.make_secret_objects(tenant_a).items()})
    return objects


# One test per role of B (each walks every URL): the parallel workers share the longest walk of the suite.
@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PHANTOM, Role.GLADIATOR, Role.RAIDER], ids=lambda role: role.name.lower())
def test_member_of_another_organization_sees_nothing_of_a(tenant_a, tenant_b, secret_world, client, role):
    assert_another_org_sees_nothing(client, tenant_b, (role,), project_patterns(), values_for(tenant_a, secret_world))


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login_from_every_page(tenant_a, secret_world, client):
    assert_anonymous_sent_to_log_in(client, project_patterns(), values_for(tenant_a, secret_world))


@pytest.mark.django_db
def test_workspace_url_of_another_organization_is_404(tenant_a, tenant_b, login):
    client = login(tenant_b.user(Role.GLADIATOR))
    for app in ("advancing", "productions", "events", "people", "assets", "finance"):
        url = f"/{app}/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/"
        assert client.get(url).status_code == 404, url
    assert client.post("/workspace/switch/", {"workspace": tenant_a.workspace.pk}).status_code == 404
    assert client.post("/workspace/switch/", {"workspace": "not-a-number"}).status_code == 404


@pytest.mark.django_db
def test_garbage_in_urls_and_query_strings_is_a_4xx(tenant_a, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    for url in [
        "/productions/999999999/",
        f"/files/{uuid.uuid4()}/",
        "/productions/w/nope/nope/",
        "/notifications/?page=abc",
        f"/productions/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/?page=-1",
    ]:
        response = client.get(url)
        assert response.status_code < 500, url
