"""Follows, connections (request → accept/decline, remove) and blocks; the one who is blocked can neither
see nor contact the blocker; requests and mentions notify through notify()."""

import pytest
from django.core.exceptions import PermissionDenied

from community import services
from community.errors import CommunityInvalid
from community.models import Connection, Follow
from dragonfly.core.errors import Conflict
from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role

from .helpers import post

pytestmark = pytest.mark.django_db


def test_a_connection_request_is_answered_by_the_person_asked_and_either_may_remove_it(tenant_a, client):
    riley, devi, gina = tenant_a.user(Role.RAIDER), tenant_a.user(Role.DEVIATOR), tenant_a.user(Role.GLADIATOR)
    client.force_login(riley)
    assert client.post(f"/community/people/{devi.pk}/connect/").status_code == 302
    request = Connection.objects.get()
    assert Notification.objects.filter(recipient=devi, kind="community.connection").exists()
    with pytest.raises(PermissionDenied):
        services.accept_connection(request, actor=riley)  # not the one asked
    client.force_login(gina)
    assert client.post(f"/community/connections/{request.pk}/accept/").status_code == 404  # not a party
    client.force_login(devi)
    assert "Requests to you" in client.get("/community/connections/").content.decode()
    client.post(f"/community/connections/{request.pk}/accept/")
    request.refresh_from_db()
    assert request.status == "accepted"
    assert Notification.objects.filter(recipient=riley, kind="community.connection").exists()
    with pytest.raises(Conflict):
        services.decline_connection(request, actor=devi)
    with pytest.raises(CommunityInvalid, match="already connected"):
        services.request_connection(riley, actor=devi)
    client.force_login(riley)
    client.post(f"/community/connections/{request.pk}/remove/")
    assert not Connection.objects.exists()


def test_a_declined_request_may_be_made_again(tenant_a):
    riley, devi = tenant_a.user(Role.RAIDER), tenant_a.user(Role.DEVIATOR)
    services.decline_connection(services.request_connection(devi, actor=riley), actor=devi)
    again = services.request_connection(devi, actor=riley)
    assert again.status == "pending" and Connection.objects.count() == 1


def test_following_people_and_organizations_fills_the_following_feed(tenant_a, tenant_b, client):
    reader = tenant_b.user(Role.RAIDER)
    public = post(tenant_a, scope="public", body="Aurora hiring")
    post(tenant_b, role=Role.GLADIATOR, scope="public", body="Summit news")
    client.force_login(reader)
    assert client.post(f"/community/organizations/{tenant_a.org.pk}/follow/").status_code == 302
    following = client.get("/community/?following=1").content.decode()
    assert "Aurora hiring" in following and "Summit news" not in following
    services.follow(public.author, actor=reader)
    with pytest.raises(CommunityInvalid, match="already follow"):
        services.follow(public.author, actor=reader)
    assert Follow.objects.filter(follower=reader).count() == 2


def test_an_organization_one_cannot_read_cannot_be_followed(tenant_a, tenant_b, client):
    client.force_login(tenant_b.user(Role.RAIDER))
    assert client.post(f"/community/organizations/{tenant_a.org.pk}/follow/").status_code == 404
    assert not Follow.objects.exists()


def test_a_blocked_person_cannot_see_or_contact_the_blocker(tenant_a, client):
    riley, devi = tenant_a.user(Role.RAIDER), tenant_a.user(Role.DEVIATOR)
    services.request_connection(riley, actor=devi)
    services.follow(riley, actor=devi)
    secret = post(tenant_a, scope="organization", body="My news")
    services.block(devi, actor=riley)
    assert not Connection.objects.exists() and not Follow.objects.exists()  # the block ends them
    client.force_login(devi)
    assert client.get(f"/community/posts/{secret.pk}/").status_code == 404
    assert client.get(f"/community/people/{riley.pk}/").status_code == 404
    assert client.post(f"/community/people/{riley.pk}/connect/").status_code == 404
    with pytest.raises(CommunityInvalid):
        services.request_connection(riley, actor=devi)
    with pytest.raises(CommunityInvalid):
        services.follow(riley, actor=devi)
    # a mention from the blocked person does not reach the blocker either
    services.create_post(actor=devi, body=f"Hey @{riley.username}", scope="organization", organization=tenant_a.org)
    assert not Notification.objects.filter(recipient=riley, kind="community.mention").exists()


def test_a_mention_notifies_who_may_read_the_post_and_no_one_else(tenant_a, tenant_b):
    devi, stranger = tenant_a.user(Role.DEVIATOR), tenant_b.user(Role.RAIDER)
    post(tenant_a, scope="workspace", body=f"@{devi.username} and @{stranger.username}, the dock is open.")
    assert Notification.objects.filter(recipient=devi, kind="community.mention").count() == 1
    assert not Notification.objects.filter(recipient=stranger).exists()  # cannot read a workspace post


def test_a_comment_tells_the_post_author(tenant_a):
    target = post(tenant_a, scope="organization")
    services.add_comment(target, actor=tenant_a.user(Role.DEVIATOR), body="Nice")
    assert Notification.objects.filter(recipient=target.author, kind="community.comment").count() == 1
