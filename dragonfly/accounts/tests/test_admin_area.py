"""The admin area inside the product: an org admin reads the role matrix, assigns roles per workspace,
removes members and reads the audit log; nobody else opens it, and another organization's rows never show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dragonfly.accounts.services import update_organization_settings
from dragonfly.files.tests.helpers import PNG
from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db
R = Role


def test_the_admin_home_links_every_part(tenant_a, login, client):
    login(tenant_a.user(R.PHANTOM))
    page = client.get(reverse("accounts:admin_home")).content.decode()
    for name in ("organization_settings", "role_matrix", "audit_log"):
        assert reverse(f"accounts:{name}") in page
    assert reverse("members") in page and reverse("invitations") in page
    assert reverse("finance:settings") in page  # the approval thresholds live with finance
    assert tenant_a.other_workspace.name in page


def test_the_role_matrix_shows_what_each_role_may_do(tenant_a, login, client):
    login(tenant_a.user(R.PHANTOM))
    page = client.get(reverse("accounts:role_matrix"), {"app": "finance"}).content.decode()
    row = page.split('data-perm="finance.approve_purchaseorder"', 1)[1].split("</tr>", 1)[0]
    cells = row.split("<td>")[1:]
    yes = [Role(i + 1).label for i, cell in enumerate(cells) if 'class="yes"' in cell or " checked" in cell]
    assert yes == ["Legend", "Phantom", "Aviator"]  # Gladiator runs budgets but approves no orders
    assert client.get(reverse("accounts:role_matrix"), {"app": "../../etc"}).status_code == 200  # falls back


def test_an_admin_assigns_a_role_in_one_workspace(tenant_a, login, client):
    raider = tenant_a.user(R.RAIDER)
    login(tenant_a.user(R.PHANTOM))
    assert 'data-testid="assign-role"' in client.get(reverse("members")).content.decode()
    body = {"user": raider.pk, "role": int(R.GLADIATOR), "workspace": tenant_a.other_workspace.pk}
    assert client.post(reverse("accounts:assign_role"), body).status_code == 302
    assert Membership.objects.get(user=raider, workspace=tenant_a.other_workspace).role == R.GLADIATOR
    # and down again: the assignment replaces the role held there
    body["role"] = int(R.PASSENGER)
    client.post(reverse("accounts:assign_role"), body)
    assert Membership.objects.get(user=raider, workspace=tenant_a.other_workspace).role == R.PASSENGER
    log = client.get(reverse("accounts:audit_log"), {"verb": "role_assigned"}).content.decode()
    assert log.count("membership.role_assigned") == 2


def test_nobody_else_assigns_roles_and_nobody_outside_is_offered(tenant_a, tenant_b, login, client):
    raider = tenant_a.user(R.RAIDER)
    body = {"user": raider.pk, "role": int(R.GLADIATOR), "workspace": tenant_a.workspace.pk}
    login(tenant_a.user(R.GLADIATOR))
    assert client.post(reverse("accounts:assign_role"), body).status_code == 403
    login(tenant_b.user(R.PHANTOM))  # acts in their own organization: org A's people are not choices there
    client.post(reverse("accounts:assign_role"), body)
    assert Membership.objects.get(user=raider, workspace=tenant_a.workspace).role == R.RAIDER
    assert not Membership.objects.filter(user=raider, organization=tenant_b.org).exists()


def test_the_audit_log_filters_and_keeps_to_its_organization(tenant_a, tenant_b, login, client):
    update_organization_settings(tenant_a.org, actor=tenant_a.user(R.PHANTOM), currency="EUR")
    update_organization_settings(tenant_b.org, actor=tenant_b.user(R.PHANTOM), currency="GBP")
    login(tenant_a.user(R.PHANTOM))
    page = client.get(reverse("accounts:audit_log")).content.decode()
    assert "organization.settings_changed" in page and f"organization #{tenant_a.org.pk}<" in page
    assert f"organization #{tenant_b.org.pk}<" not in page
    none = client.get(reverse("accounts:audit_log"), {"verb": "advance.approved"}).content.decode()
    assert 'data-testid="audit-empty"' in none
    bad = client.get(reverse("accounts:audit_log"), {"since": "2026-05-02", "until": "2026-05-01"})
    assert bad.status_code == 400
    other = client.get(reverse("accounts:audit_log"), {"workspace": tenant_b.workspace.pk})
    assert other.status_code == 400  # another organization's workspace is no choice


def test_the_organization_logo_shows_in_the_top_bar(tenant_a, login, client, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    login(tenant_a.user(R.RAIDER))
    assert 'data-testid="org-logo"' not in client.get(reverse("home")).content.decode()
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    update_organization_settings(tenant_a.org, actor=tenant_a.user(R.PHANTOM), logo=logo)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="org-logo"' in page
    tenant_a.org.refresh_from_db()
    assert reverse("files:public", args=[tenant_a.org.logo_id]) in page
