"""An admin invites people; each invitee lands in the right workspace with the right role, once."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Invitation, Membership
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import PASSWORD, make_user


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """The admin sends an invitation from the page; returns (response, the link mailed)."""

    def _send(admin, email="sam@crew.test", role=Role.DEVIATOR, workspace=None):
        client.force_login(admin)
        data = {"email": email, "name": "Sam", "role": int(role), "workspace": workspace.pk if workspace else ""}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/invitations/", data)
        client.logout()
        links = re.findall(r"http://testserver(/invitations/accept/\S+/)", mail.outbox[-1].body) if mail.outbox else []
        return response, (links[0] if links else None)

    return _send


def test_an_invitee_without_an_account_sets_a_password_and_lands_in_the_workspace(tenant_a, client, send):
    response, link = send(tenant_a.user(Role.PHANTOM), workspace=tenant_a.other_workspace)
    assert response.status_code == 302
    assert mail.outbox[0].to == ["sam@crew.test"] and "Deviator" in mail.outbox[0].body
    invitation = Invitation.objects.get()
    assert link and invitation.token_hash not in link  # only a hash is stored, never the link's token

    page = client.get(link)
    assert page.status_code == 200 and b"Join Acme" in page.content
    response = client.post(
        link, {"first_name": "Sam", "last_name": "Rigger", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"

    membership = Membership.objects.get(user__email="sam@crew.test")
    assert (membership.workspace, membership.role) == (tenant_a.other_workspace, Role.DEVIATOR)
    assert get_access(membership.user).role_in(tenant_a.other_workspace) == Role.DEVIATOR
    home = client.get("/")
    assert home.context["current_workspace"] == tenant_a.other_workspace  # signed in, in the invited workspace
    assert client.post(link).status_code == 410  # single use: the same link is refused now


def test_an_existing_user_accepts_while_signed_in(tenant_a, client, send):
    existing = make_user("sam", email="sam@crew.test")
    _, link = send(tenant_a.user(Role.PHANTOM), workspace=tenant_a.workspace, role=Role.NAVIGATOR)
    anonymous = client.get(link)
    assert b"Sign in to accept" in anonymous.content  # no second account for the same address
    client.force_login(existing)
    assert client.post(link).status_code == 302
    assert Membership.objects.get(user=existing).role == Role.NAVIGATOR


def test_someone_signed_in_with_another_address_cannot_use_the_link(tenant_a, client, send):
    _, link = send(tenant_a.user(Role.PHANTOM))
    client.force_login(make_user("other", email="other@crew.test"))
    response = client.post(link)
    assert response.status_code == 400 and b"This invitation is for sam@crew.test" in response.content
    assert not Invitation.objects.get().accepted_at


def test_expired_revoked_and_unknown_links_are_refused_with_a_clear_page(tenant_a, client, send):
    admin = tenant_a.user(Role.PHANTOM)
    _, link = send(admin)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410 and b"has expired" in response.content

    _, link = send(admin, email="kim@crew.test")
    client.force_login(admin)
    client.post(f"/invitations/{Invitation.objects.get(email='kim@crew.test').pk}/revoke/")
    client.logout()
    response = client.post(link, {"first_name": "Kim", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410 and b"withdrawn" in response.content
    assert not Membership.objects.filter(user__email="kim@crew.test").exists()

    response = client.get("/invitations/accept/not-a-real-token/")
    assert response.status_code == 404 and b"not valid" in response.content


def test_resending_mails_a_new_link_and_the_old_one_stops_working(
    tenant_a, client, send, django_capture_on_commit_callbacks
):
    admin = tenant_a.user(Role.PHANTOM)
    _, old_link = send(admin)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/invitations/{Invitation.objects.get().pk}/resend/")
    client.logout()
    new_link = re.findall(r"http://testserver(/invitations/accept/\S+/)", mail.outbox[-1].body)[0]
    assert len(mail.outbox) == 2 and new_link != old_link
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200


def test_a_role_that_may_not_invite_is_refused_and_another_org_sees_nothing(tenant_a, tenant_b, client, send):
    send(tenant_a.user(Role.PHANTOM))
    invitation = Invitation.objects.get()
    for role in (Role.AVIATOR, Role.GLADIATOR, Role.RAIDER):
        client.force_login(tenant_a.user(role))
        assert client.get("/invitations/").status_code == 403
        assert client.post("/invitations/", {"email": "x@crew.test", "role": 6}).status_code == 403
    client.force_login(tenant_b.user(Role.PHANTOM))
    assert b"sam@crew.test" not in client.get("/invitations/").content
    assert client.post(f"/invitations/{invitation.pk}/revoke/").status_code == 404
    assert client.post(f"/invitations/{invitation.pk}/resend/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and Invitation.objects.count() == 1


def test_an_admin_cannot_invite_someone_stronger_than_themselves_or_a_member_twice(tenant_a, client):
    admin = tenant_a.user(Role.PHANTOM)
    client.force_login(admin)
    response = client.post("/invitations/", {"email": "boss@crew.test", "role": int(Role.LEGEND)})
    assert response.status_code == 400  # Legend is not among the choices a Phantom may grant
    member = tenant_a.user(Role.RAIDER)
    member.email = "raider@acme.test"
    member.save()
    response = client.post("/invitations/", {"email": "RAIDER@acme.test", "role": int(Role.RAIDER)})
    assert response.status_code == 400 and b"already a member" in response.content
    assert not Invitation.objects.exists() and not mail.outbox


def test_the_admin_lists_only_the_organizations_own_invitations(tenant_a, tenant_b, client, send):
    send(tenant_a.user(Role.PHANTOM), email="acme-crew@crew.test")
    send(tenant_b.user(Role.PHANTOM), email="bravo-crew@crew.test")
    client.force_login(tenant_a.user(Role.PHANTOM))
    html = client.get("/admin/tenancy/invitation/").content.decode()
    assert "acme-crew@crew.test" in html and "bravo-crew@crew.test" not in html
    bravo = Invitation.objects.get(email="bravo-crew@crew.test")
    assert client.get(f"/admin/tenancy/invitation/{bravo.pk}/change/").status_code in (302, 404)


def test_the_api_invites_lists_resends_and_revokes_through_the_same_rules(
    tenant_a, tenant_b, client, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.user(Role.PHANTOM))
    body = {"organization": tenant_a.org.pk, "workspace": tenant_a.workspace.pk, "email": "api@crew.test", "role": 6}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/invitations/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["status"] == "pending"
    assert mail.outbox[-1].to == ["api@crew.test"]
    pk = created.json()["id"]
    again = client.post("/api/invitations/", body, content_type="application/json")
    assert again.status_code == 400 and "already invited" in again.json()["detail"]
    assert [row["email"] for row in client.get("/api/invitations/").json()["results"]] == ["api@crew.test"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/invitations/{pk}/resend/").status_code == 200
    assert len(mail.outbox) == 2
    assert client.post(f"/api/invitations/{pk}/revoke/").json()["status"] == "revoked"

    client.force_login(tenant_a.user(Role.GLADIATOR))
    assert client.get("/api/invitations/").json()["results"] == []
    refused = client.post("/api/invitations/", {**body, "email": "g@crew.test"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["detail"]
    client.force_login(tenant_b.user(Role.PHANTOM))
    assert client.get(f"/api/invitations/{pk}/").status_code == 404
    assert client.post(f"/api/invitations/{pk}/resend/").status_code == 404
