"""An org admin changes what the roles below the admins may do in their organization (the role matrix):
the one permission check, page and API alike, answers with the change there and with the defaults in
every other organization; admin roles and admin-only permissions can't be handed out."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Organization
from dragonfly.tenancy.role_settings import EDITABLE_ROLES, RoleSettingsRefused, set_role_permissions
from dragonfly.tenancy.roles import Role
from productions.models import Production

pytestmark = pytest.mark.django_db
R = Role


def fresh(user):
    """The user as the next request sees them (access is read once per request)."""
    return get_user_model().objects.get(pk=user.pk)


def ticked(client, app):
    page = client.get(reverse("accounts:role_matrix"), {"app": app}).content.decode()
    return {"matrix": app} | {name: "on" for name in re.findall(r'name="(\d+:[\w.]+)"[^>]* checked', page)}


def save(client, app, body):
    return client.post(f"{reverse('accounts:role_matrix')}?app={app}", body)


def test_an_admin_takes_a_permission_from_a_role_in_their_organization_only(tenant_a, tenant_b, login, client):
    login(tenant_a.user(R.PHANTOM))
    body = ticked(client, "advancing")
    assert f"{int(R.RAIDER)}:advancing.add_advance" in body
    body.pop(f"{int(R.RAIDER)}:advancing.add_advance")
    response = save(client, "advancing", body)
    assert response.status_code == 302
    assert not fresh(tenant_a.user(R.RAIDER)).has_perm("advancing.add_advance", tenant_a.workspace)
    assert fresh(tenant_b.user(R.RAIDER)).has_perm("advancing.add_advance", tenant_b.workspace)
    assert fresh(tenant_a.user(R.GLADIATOR)).has_perm("advancing.add_advance", tenant_a.workspace)
    assert Organization.objects.get(pk=tenant_a.org.pk).role_permissions == {
        str(int(R.RAIDER)): {"advancing.add_advance": False}
    }
    page = client.get(reverse("accounts:role_matrix"), {"app": "advancing"}).content.decode()
    assert 'data-testid="role-changes"' in page and 'class="changed"' in page
    entry = ActivityEntry.objects.get(verb="organization.role_permissions_changed")
    assert entry.actor == tenant_a.user(R.PHANTOM) and entry.data["before"] == {}
    # ticking it again puts the default back: nothing stays stored
    body[f"{int(R.RAIDER)}:advancing.add_advance"] = "on"
    save(client, "advancing", body)
    assert Organization.objects.get(pk=tenant_a.org.pk).role_permissions == {}
    assert fresh(tenant_a.user(R.RAIDER)).has_perm("advancing.add_advance", tenant_a.workspace)


def test_a_role_without_view_no_longer_lists_the_rows_on_the_page_or_the_api(tenant_a, tenant_b, login, client):
    Production.objects.create(workspace=tenant_a.workspace, name="Quiet Show")
    Production.objects.create(workspace=tenant_b.workspace, name="Loud Show")
    gladiator = tenant_a.user(R.GLADIATOR)
    assert Production.objects.visible_to(fresh(gladiator)).filter(name="Quiet Show").exists()
    login(tenant_a.user(R.PHANTOM))
    body = ticked(client, "productions")
    body.pop(f"{int(R.GLADIATOR)}:productions.view_production")
    assert save(client, "productions", body).status_code == 302
    assert not Production.objects.visible_to(fresh(gladiator)).filter(name="Quiet Show").exists()
    login(gladiator)
    assert "Quiet Show" not in client.get("/api/productions/").content.decode()
    login(tenant_b.user(R.GLADIATOR))
    assert "Loud Show" in client.get("/api/productions/").content.decode()


def test_an_admin_gives_a_role_what_another_crew_role_holds(tenant_a, tenant_b, login, client):
    assert not fresh(tenant_a.user(R.PASSENGER)).has_perm("advancing.add_advance", tenant_a.workspace)
    login(tenant_a.user(R.PHANTOM))
    body = ticked(client, "advancing") | {f"{int(R.PASSENGER)}:advancing.add_advance": "on"}
    assert save(client, "advancing", body).status_code == 302
    assert fresh(tenant_a.user(R.PASSENGER)).has_perm("advancing.add_advance", tenant_a.workspace)
    assert not fresh(tenant_b.user(R.PASSENGER)).has_perm("advancing.add_advance", tenant_b.workspace)


def test_admin_roles_and_admin_only_permissions_are_refused_and_nothing_changes(tenant_a):
    phantom = tenant_a.user(R.PHANTOM)
    defaults = get_access(phantom).role_permissions
    crew_held = set().union(*(defaults[role] for role in EDITABLE_ROLES))
    admin_only = sorted(defaults[R.PHANTOM] - crew_held)
    assert admin_only, "some permission is the admins' alone"
    with pytest.raises(RoleSettingsRefused, match="admin roles"):
        set_role_permissions(tenant_a.org, actor=phantom, perms=[], wanted={R.PHANTOM: set()})
    with pytest.raises(RoleSettingsRefused, match="for admins"):
        set_role_permissions(tenant_a.org, actor=phantom, perms=admin_only[:1], wanted={R.RAIDER: {admin_only[0]}})
    assert Organization.objects.get(pk=tenant_a.org.pk).role_permissions == {}
    assert not ActivityEntry.objects.filter(verb="organization.role_permissions_changed").exists()


def test_only_the_organizations_admin_changes_it(tenant_a, tenant_b, login, client):
    login(tenant_a.user(R.GLADIATOR))
    assert client.get(reverse("accounts:role_matrix")).status_code == 403
    assert save(client, "advancing", {}).status_code == 403
    login(tenant_b.user(R.PHANTOM))  # works on their own organization: A's stays as it is
    response = save(client, "advancing", {})  # a post without the page's form changes nothing
    assert response.status_code == 400 and Organization.objects.get(pk=tenant_b.org.pk).role_permissions == {}
    save(client, "advancing", {"matrix": "advancing"})
    assert Organization.objects.get(pk=tenant_a.org.pk).role_permissions == {}
    changed = Organization.objects.get(pk=tenant_b.org.pk).role_permissions
    assert changed[str(int(R.RAIDER))]["advancing.add_advance"] is False
    assert fresh(tenant_a.user(R.RAIDER)).has_perm("advancing.add_advance", tenant_a.workspace)
