import pytest

from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_api_token
from productions.models import Production

pytestmark = pytest.mark.django_db


@pytest.fixture
def phantom_client(tenant_a, tenant_b, login):
    Production.objects.create(workspace=tenant_a.workspace, name="Acme Own Show")
    Production.objects.create(workspace=tenant_b.workspace, name="Bravo Hidden Show")
    return login(tenant_a.user(Role.PHANTOM))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/tenancy/organization/",
        "/admin/tenancy/workspace/",
        "/admin/tenancy/membership/",
        "/admin/auth/user/",
        "/admin/productions/production/",
        "/admin/productions/production/add/",
        "/admin/tenancy/membership/add/",
        "/admin/tenancy/workspace/add/",
    ],
)
def test_org_admin_sees_only_their_organization(phantom_client, tenant_a, tenant_b, url):
    response = phantom_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bravo" not in html, f"another organization shows on {url}"
    assert "Bravo Hidden Show" not in html


def test_org_admin_filters_and_autocomplete_stay_in_the_organization(phantom_client, tenant_b):
    html = phantom_client.get("/admin/productions/production/").content.decode()
    assert "Acme Own Show" in html and "Bravo" not in html
    auto = phantom_client.get(
        "/admin/autocomplete/",
        {"app_label": "tenancy", "model_name": "membership", "field_name": "workspace", "term": ""},
    )
    assert auto.status_code == 200 and "Bravo" not in auto.content.decode()


def test_org_admin_cannot_open_another_organizations_rows(phantom_client, tenant_b):
    bravo = Production.objects.get(name="Bravo Hidden Show")
    response = phantom_client.get(f"/admin/productions/production/{bravo.pk}/change/", follow=True)
    assert "Bravo Hidden Show" not in response.content.decode()
    response = phantom_client.post(f"/admin/productions/production/{bravo.pk}/delete/", {"post": "yes"})
    assert Production.objects.filter(pk=bravo.pk).exists()


def test_org_admin_cannot_grant_a_stronger_role(phantom_client, tenant_a):
    target = tenant_a.user(Role.RAIDER)
    data = {"user": target.pk, "organization": tenant_a.org.pk, "workspace": "", "role": Role.LEGEND}
    response = phantom_client.post("/admin/tenancy/membership/add/", data)
    assert response.status_code == 200
    assert "stronger than your own" in response.content.decode()
    assert not Membership.objects.filter(user=target, role=Role.LEGEND).exists()

    data["role"] = Role.AVIATOR
    response = phantom_client.post("/admin/tenancy/membership/add/", data)
    assert response.status_code == 302
    assert Membership.objects.filter(user=target, organization=tenant_a.org, workspace=None, role=Role.AVIATOR).exists()


def test_org_admin_cannot_add_members_to_another_organization(phantom_client, tenant_a, tenant_b):
    target = tenant_a.user(Role.RAIDER)
    data = {"user": target.pk, "organization": tenant_b.org.pk, "workspace": "", "role": Role.RAIDER}
    response = phantom_client.post("/admin/tenancy/membership/add/", data)
    assert response.status_code == 200
    assert not Membership.objects.filter(user=target, organization=tenant_b.org).exists()


def test_roles_are_edited_only_by_platform_admins(phantom_client, login):
    from dragonfly.testing.factories import make_user

    assert phantom_client.get("/admin/auth/group/").status_code == 403
    superuser = make_user(is_superuser=True, is_staff=True)
    response = login(superuser).get("/admin/auth/group/")
    assert response.status_code == 200 and "Gladiator" in response.content.decode()


def test_staff_flag_alone_does_not_open_the_admin(tenant_a, login):
    gladiator = tenant_a.user(Role.GLADIATOR)
    gladiator.is_staff = True
    gladiator.save()
    response = login(gladiator).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_org_admin_user_list_holds_only_their_people(phantom_client, tenant_a, tenant_b):
    html = phantom_client.get("/admin/auth/user/?all=").content.decode()
    assert tenant_a.user(Role.RAIDER).username in html
    for user in tenant_b.users.values():
        assert f">{user.username}<" not in html
    other = tenant_b.user(Role.RAIDER)
    response = phantom_client.get(f"/admin/auth/user/{other.pk}/change/", follow=True)
    assert f'value="{other.username}"' not in response.content.decode()


@pytest.mark.parametrize("url", ["/admin/accounts/profile/", "/admin/tokens/apitoken/"])
def test_org_admin_sees_no_profile_or_token_of_another_organization(tenant_a, tenant_b, url, django_user_model):
    from django.test import Client

    from dragonfly.accounts.models import Profile

    outsider = tenant_b.user(Role.RAIDER)
    outsider.username = "bravo-outsider"
    outsider.save()
    Profile.objects.get_or_create(user=outsider, defaults={"phone": "+1 555 0100"})
    make_api_token(outsider)
    phantom = tenant_a.user(Role.PHANTOM)
    client = Client()
    client.force_login(phantom)
    response = client.get(url)
    assert response.status_code in (200, 403)
    assert "bravo-outsider" not in response.content.decode()
