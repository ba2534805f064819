"""A crew member makes a personal API token for a script: the secret is shown once, only its hash is
kept, it works as a Bearer token with no more than the member's own rights, narrowed by its scopes,
its last use is noted (at most once a minute), it expires, and its user or an org admin revokes it."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from dragonfly.tokens import services
from dragonfly.tokens.models import APIToken
from productions.models import Production


def bearer(secret):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.mark.django_db
def test_a_member_creates_a_token_on_the_page_sees_it_once_and_it_is_stored_hashed(tenant_a, login):
    crew = tenant_a.user(Role.DEVIATOR)
    client = login(crew)
    response = client.post(
        "/me/tokens/", {"name": "Budget script", "scopes": ["read", "advancing:write"], "expires_in_days": "30"}
    )
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("dfly_") and secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = APIToken.objects.get(user=crew)
    assert token.name == "Budget script" and token.scopes == ["read", "advancing:write"]
    assert secret not in (token.digest, token.token_key) and len(token.digest) == 128
    assert token.expiry - timezone.now() > datetime.timedelta(days=29)
    again = client.get("/me/tokens/").content.decode()
    assert "Budget script" in again and secret not in again
    assert bearer(secret).get("/api/productions/").status_code == 200


@pytest.mark.django_db
def test_a_token_without_a_name_or_scope_is_refused_and_nothing_is_made(tenant_a, login):
    client = login(tenant_a.user(Role.RAIDER))
    assert client.post("/me/tokens/", {"name": "", "scopes": ["read"], "expires_in_days": "30"}).status_code == 400
    assert client.post("/me/tokens/", {"name": "x", "expires_in_days": "30"}).status_code == 400
    assert client.post("/me/tokens/", {"name": "x", "scopes": ["nope"], "expires_in_days": "30"}).status_code == 400
    assert not APIToken.objects.exists()


@pytest.mark.django_db
def test_a_read_token_cannot_write_and_a_module_token_reaches_only_its_module(tenant_a):
    gladiator = tenant_a.user(Role.GLADIATOR)
    payload = {"workspace": tenant_a.workspace.pk, "name": "Summer tour"}
    reader = bearer(make_api_token(gladiator, scopes=["read"]))
    assert reader.get("/api/productions/").status_code == 200
    refused = reader.post("/api/productions/", payload, format="json")
    assert refused.status_code == 403 and "may not write" in refused.json()["detail"]
    assert not Production.objects.exists()

    advancing_only = bearer(make_api_token(gladiator, scopes=["advancing:write"]))
    assert advancing_only.get("/api/advancing/catalog?limit=1").status_code == 200
    assert advancing_only.get("/api/productions/").status_code == 403

    writer = bearer(make_api_token(gladiator, scopes=["productions:write"]))
    assert writer.post("/api/productions/", payload, format="json").status_code == 201


@pytest.mark.django_db
def test_a_token_carries_no_more_than_its_user_may(tenant_a, tenant_b):
    passenger = tenant_a.user(Role.PASSENGER)
    client = bearer(make_api_token(passenger, scopes=["write"]))
    payload = {"workspace": tenant_a.workspace.pk, "name": "Not mine to make"}
    assert client.post("/api/productions/", payload, format="json").status_code == 403
    other = Production.objects.create(workspace=tenant_b.workspace, name="Bravo show")
    assert client.get(f"/api/productions/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_expired_revoked_and_unknown_tokens_get_a_401_in_json(tenant_a):
    crew = tenant_a.user(Role.DEVIATOR)
    secret = make_api_token(crew)
    APIToken.objects.filter(user=crew).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    for header in (f"Bearer {secret}", "Bearer dfly_nothing", "Bearer", "Bearer \xe9t\xe9"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get("/api/productions/")
        assert response.status_code == 401, header
        assert response["Content-Type"].startswith("application/json") and "detail" in response.json()
        assert response["WWW-Authenticate"].startswith("Bearer")

    live = make_api_token(crew)
    token = APIToken.objects.get(user=crew, expiry__gt=timezone.now())
    services.revoke_token(token, actor=crew)
    assert bearer(live).get("/api/productions/").status_code == 401


@pytest.mark.django_db
def test_last_use_is_written_at_most_once_a_minute(tenant_a, django_assert_max_num_queries):
    crew = tenant_a.user(Role.DEVIATOR)
    client = bearer(make_api_token(crew))
    token = APIToken.objects.get(user=crew)
    assert token.last_used_at is None
    client.get("/api/productions/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/productions/")
    token.refresh_from_db()
    assert token.last_used_at == first
    APIToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get("/api/productions/")
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_the_tokens_api_lists_creates_with_a_session_only_and_revokes(tenant_a, tenant_b):
    crew = tenant_a.user(Role.DEVIATOR)
    session = APIClient()
    session.force_login(crew)
    created = session.post("/api/tokens/", {"name": "agent", "scopes": ["read"], "expires_in_days": 7}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("dfly_") and body["scopes"] == ["read"]
    listed = session.get("/api/tokens/").json()["results"]
    assert [row["name"] for row in listed] == ["agent"] and "token" not in listed[0]

    with_token = bearer(body["token"])
    assert with_token.get("/api/tokens/").status_code == 200
    refused = with_token.post("/api/tokens/", {"name": "x", "scopes": ["read"]}, format="json")
    assert refused.status_code == 403

    bad = session.post("/api/tokens/", {"name": "x", "scopes": ["everything"]}, format="json")
    assert bad.status_code == 400 and "detail" in bad.json()

    outsider = APIClient()
    outsider.force_login(tenant_b.user(Role.PHANTOM))
    assert outsider.delete(f"/api/tokens/{body['id']}/").status_code == 404
    assert session.delete(f"/api/tokens/{body['id']}/").status_code == 204
    assert with_token.get("/api/tokens/").status_code == 401


@pytest.mark.django_db
def test_an_org_admin_sees_and_revokes_the_organizations_tokens_only(tenant_a, tenant_b, login):
    crew = tenant_a.user(Role.DEVIATOR)
    make_api_token(crew, name="crew script")
    make_api_token(tenant_b.user(Role.DEVIATOR), name="bravo script")
    token = APIToken.objects.get(user=crew)
    bravo_token = APIToken.objects.get(name="bravo script")

    admin = login(tenant_a.user(Role.PHANTOM))
    page = admin.get("/me/tokens/organization/").content.decode()
    assert "crew script" in page and "bravo script" not in page
    assert admin.post(f"/me/tokens/organization/{bravo_token.public_id}/revoke/").status_code == 404
    assert admin.post(f"/me/tokens/organization/{token.public_id}/revoke/").status_code == 302
    assert not APIToken.objects.filter(pk=token.pk).exists()
    assert APIToken.objects.filter(pk=bravo_token.pk).exists()


@pytest.mark.django_db
def test_a_member_who_is_not_an_admin_gets_403_on_the_organization_page_and_no_colleagues_token(tenant_a, login):
    make_api_token(tenant_a.user(Role.RAIDER), name="colleague's")
    token = APIToken.objects.get()
    client = login(tenant_a.user(Role.GLADIATOR))
    assert client.get("/me/tokens/organization/").status_code == 403
    assert client.post(f"/me/tokens/organization/{token.public_id}/revoke/").status_code == 404
    assert APIToken.objects.filter(pk=token.pk).exists()


@pytest.mark.django_db
def test_a_member_revokes_their_own_token_but_not_a_colleagues(tenant_a, login):
    crew, colleague = tenant_a.user(Role.DEVIATOR), tenant_a.user(Role.RAIDER)
    make_api_token(crew, name="mine")
    make_api_token(colleague, name="theirs")
    client = login(crew)
    theirs = APIToken.objects.get(name="theirs")
    assert client.post(f"/me/tokens/{theirs.public_id}/revoke/").status_code == 404
    mine = APIToken.objects.get(name="mine")
    assert client.post(f"/me/tokens/{mine.public_id}/revoke/").status_code == 302
    assert list(APIToken.objects.values_list("name", flat=True)) == ["theirs"]


@pytest.mark.django_db
def test_the_weekly_cleanup_removes_tokens_long_expired(tenant_a):
    crew = tenant_a.user(Role.DEVIATOR)
    make_api_token(crew, name="old")
    make_api_token(crew, name="fresh")
    APIToken.objects.filter(name="old").update(expiry=timezone.now() - datetime.timedelta(days=31))
    assert services.remove_expired_tokens(timezone.now(), dry_run=True) == 1
    assert services.remove_expired_tokens(timezone.now(), dry_run=False) == 1
    assert list(APIToken.objects.values_list("name", flat=True)) == ["fresh"]


@pytest.mark.django_db
def test_a_list_request_by_token_pays_one_query_for_the_token_and_two_for_access(tenant_a):
    """The token with its user; the memberships (saying there is no grant to read) and the permissions of
    the member's roles; then the list's own count (and no page: it is empty)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dragonfly.tenancy.module_settings import modules_off

    client = bearer(make_api_token(tenant_a.user(Role.DEVIATOR)))
    client.get("/api/productions/")  # its last use written, the switched-off modules cached
    modules_off([tenant_a.org.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/productions/").json()["results"] == []
    token, memberships, roles, count = (q["sql"] for q in queries.captured_queries)
    assert '"tokens_apitoken"' in token and '"auth_user"' in token
    assert '"tenancy_membership"' in memberships and '"auth_group"' in roles and "COUNT(*)" in count
