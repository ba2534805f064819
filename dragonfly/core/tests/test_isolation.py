"""Every URL of the project, walked from the URL conf so new pages are covered automatically.

Organization A owns objects whose names are markers; a member of organization B requests
every page and API route, filled with A's ids and slugs: the answer is a 404 (or B's own,
empty list), never A's data, and nothing of A changes. Anonymous users are sent to log in.
"""

import importlib
import uuid
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from dragonfly.tenancy.roles import Role
from dragonfly.testing.isolation import MARKERS, probe
from productions.models import Production

MODULE_APPS = ["locations", "productions", "events", "people", "assets", "finance", "advancing"]
# Pages anyone may open (login, password reset, health, public avatars/logos).
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "files:public",
    "logout",
}


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None, p


def project_patterns():
    """Our own URLs (the admin has its own test below)."""
    return [(route, name, p) for route, name, p in walk() if not route.startswith("admin/")]


def fill(route, values):
    """Turn a route like 'advancing/<int:pk>/' into a concrete path using `values` per converter."""
    import re

    urls = [route]
    for match in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
        conv, name = match.group(1) or "str", match.group(2)
        options = values.get(name) or values.get(conv) or ["1"]
        urls = [u.replace(match.group(0), str(v), 1) for u in urls for v in options]
    return ["/" + u.lstrip("^").rstrip("$").replace("\\Z", "") for u in urls]


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
        from advancing.models import Advance, AdvanceItem

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
        objects.update(advance=advance, item=item)
    except ImportError:  # pragma: no cover - advancing always exists here
        pass
    # Each module adds its own objects: `<app>/tests/isolation.py` defines
    # `make_secret_objects(tenant) -> dict` whose objects are named "Zebra Secret ...".
    for app in MODULE_APPS:
        try:
            module = importlib.import_module(f"{app}.tests.isolation")
        except ModuleNotFoundError:
            continue
        objects.update({f"{app}.{k}": v for k, v in module.make_secret_objects(tenant_a).items()})
    return objects


def values_for(tenant_a, objects):
    ids = sorted({str(o.pk) for o in objects.values() if isinstance(o.pk, int)})
    return {
        "org_slug": [tenant_a.org.slug],
        "ws_slug": [tenant_a.workspace.slug],
        "int": ids,
        "uuid": sorted({str(o.pk) for o in objects.values() if isinstance(o.pk, uuid.UUID)}),
        "slug": [tenant_a.org.slug],
        "str": ["x"],
        "path": ["x"],
    }


def snapshot():
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.mark.django_db
def test_member_of_another_organization_sees_nothing_of_a(tenant_a, tenant_b, secret_world, client):
    before = snapshot()
    values = values_for(tenant_a, secret_world)
    leaks, wrong_status = [], []
    for role in (Role.PHANTOM, Role.GLADIATOR, Role.RAIDER):
        client.force_login(tenant_b.user(role))
        for route, name, _ in project_patterns():
            if name == "logout":
                continue  # would end the session the walk runs in
            names_a_object = "<" in route
            for url in fill(route, values):
                for method in ("get", "post"):
                    must_404 = names_a_object and name not in PUBLIC
                    probe(
                        client,
                        method,
                        url,
                        who=role.label,
                        name=name,
                        must_404=must_404,
                        leaks=leaks,
                        wrong=wrong_status,
                    )
    assert not leaks, "Organization A's data shown to B:\n" + "\n".join(leaks)
    assert not wrong_status, "Expected 404 for A's objects:\n" + "\n".join(wrong_status)
    after = snapshot()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k] and k != "sessions.Session"}
    assert not changed, f"B's requests changed rows: {changed}"


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login_from_every_page(tenant_a, secret_world, client):
    values = values_for(tenant_a, secret_world)
    for route, name, _ in project_patterns():
        if name in PUBLIC:
            continue
        for url in fill(route, values):
            response = client.get(url)
            body = response.content.decode("utf-8", "ignore") if not response.streaming else ""
            assert not any(m in body for m in MARKERS), url
            if url.startswith("/api/"):
                assert response.status_code in (401, 403), (url, response.status_code)
            else:
                assert response.status_code == 302, (url, response.status_code)
                assert response["Location"].startswith("/accounts/login/"), (url, response["Location"])


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
