"""Removing a member ends their access at once: the next page asks them to sign in, their token is refused."""

import pytest
from django.test import Client

from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token


@pytest.mark.django_db
def test_a_removed_member_is_signed_out_and_their_api_token_stops_working(tenant_a, client):
    crew = tenant_a.user(Role.DEVIATOR)
    Membership.objects.create(
        user=crew, organization=tenant_a.org, workspace=tenant_a.other_workspace, role=Role.RAIDER
    )
    crew_browser = Client()
    crew_browser.force_login(crew)
    token = make_api_token(crew)
    assert crew_browser.get("/").status_code == 200
    assert client.get("/api/advances", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200

    admin = tenant_a.user(Role.PHANTOM)
    client.force_login(admin)
    assert crew.username in client.get("/invitations/members/").content.decode()
    response = client.post(f"/invitations/members/{crew.username}/remove/")
    assert response.status_code == 302
    client.logout()

    assert not Membership.objects.filter(user=crew).exists()
    next_page = crew_browser.get("/")
    assert next_page.status_code == 302 and next_page["Location"].startswith("/accounts/login/")
    answer = client.get("/api/advances", HTTP_AUTHORIZATION=f"Token {token}")
    # A revoked token is a 401 with a Bearer challenge; the detail says the token is the reason.
    assert answer.status_code == 401 and answer.json()["detail"] == "Invalid, expired or revoked token."


@pytest.mark.django_db
def test_only_an_admin_of_that_organization_removes_members(tenant_a, tenant_b, client):
    crew = tenant_a.user(Role.DEVIATOR)
    gladiator = tenant_a.user(Role.GLADIATOR)
    client.force_login(gladiator)
    assert client.post(f"/invitations/members/{crew.username}/remove/").status_code == 404  # not theirs to see
    assert client.post(f"/invitations/members/{gladiator.username}/remove/").status_code == 403
    client.force_login(tenant_b.user(Role.PHANTOM))
    assert client.post(f"/invitations/members/{crew.username}/remove/").status_code == 404
    assert Membership.objects.filter(user=crew).exists()


@pytest.mark.django_db
def test_a_freelancer_removed_from_one_organization_keeps_working_for_the_other(tenant_a, tenant_b, client):
    from productions.models import Production

    crew = tenant_a.user(Role.DEVIATOR)
    Membership.objects.create(user=crew, organization=tenant_b.org, workspace=tenant_b.workspace, role=Role.GLADIATOR)
    Production.objects.create(workspace=tenant_a.workspace, name="Acme show")
    bravo_show = Production.objects.create(workspace=tenant_b.workspace, name="Bravo show")
    token = make_api_token(crew)
    crew_browser = Client()
    crew_browser.force_login(crew)

    admin = Client()
    admin.force_login(tenant_a.user(Role.PHANTOM))
    assert admin.post(f"/invitations/members/{crew.username}/remove/").status_code == 302

    answer = client.get("/api/productions/", HTTP_AUTHORIZATION=f"Token {token}")
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [bravo_show.pk]  # Bravo's, none of Acme's
    assert crew_browser.get("/").status_code == 200  # still signed in, for Bravo
    acme_home = f"/productions/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/"
    assert crew_browser.get(acme_home).status_code == 404
