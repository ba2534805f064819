"""The community pages: a crew member posts, colleagues react and comment in a thread; another
organization's member gets 404 on what is not public; a listening role gets 403; the feed's query count
stays the same however many posts there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Comment, Post, Reaction
from dragonfly.tenancy.roles import Role

from .helpers import image_upload, post

pytestmark = pytest.mark.django_db


def test_a_crew_member_posts_to_the_workspace_and_a_colleague_reacts_and_replies_in_a_thread(tenant_a, client):
    riley, devi = tenant_a.user(Role.RAIDER), tenant_a.user(Role.DEVIATOR)
    client.force_login(riley)
    form = client.get("/community/posts/new/")
    assert form.status_code == 200 and tenant_a.workspace.name in form.content.decode()
    answer = client.post(
        "/community/posts/new/",
        {
            "body": "Dock opens at 06:00",
            "scope": "workspace",
            "workspace": tenant_a.workspace.pk,
            "image": image_upload(),
        },
    )
    created = Post.objects.get()
    assert answer.status_code == 302 and answer.url == f"/community/posts/{created.pk}/"
    assert created.scope == "workspace" and created.workspace == tenant_a.workspace and created.image_id
    client.force_login(devi)
    assert "Dock opens at 06:00" in client.get("/community/").content.decode()
    assert client.get(f"/community/posts/{created.pk}/image/").status_code == 200
    client.post(f"/community/posts/{created.pk}/react/", {"kind": "applaud"})
    client.post(f"/community/posts/{created.pk}/comment/", {"body": "On my way"})
    first = Comment.objects.get()
    client.post(f"/community/posts/{created.pk}/comment/", {"body": "Bring the keys", "parent": first.pk})
    assert Reaction.objects.get().kind == "applaud"
    assert Comment.objects.get(body="Bring the keys").parent == first
    page = client.get(f"/community/posts/{created.pk}/").content.decode()
    assert page.index("On my way") < page.index("Bring the keys") and "depth-1" in page


def test_another_organizations_member_gets_404_on_a_private_post_and_its_actions(tenant_a, tenant_b, client):
    private = post(tenant_a, scope="organization", body="Zebra news")
    client.force_login(tenant_b.user(Role.PHANTOM))
    for url in ("", "image/"):
        assert client.get(f"/community/posts/{private.pk}/{url}").status_code == 404
    for action, data in (("react", {"kind": "like"}), ("comment", {"body": "hi"}), ("report", {"reason": "x"})):
        assert client.post(f"/community/posts/{private.pk}/{action}/", data).status_code == 404
    assert client.post(f"/community/posts/{private.pk}/hide/").status_code == 404
    assert "Zebra news" not in client.get("/community/").content.decode()
    assert not Reaction.objects.exists() and not Comment.objects.exists()
    assert client.get(f"/community/people/{tenant_a.user(Role.RAIDER).pk}/").status_code == 404


def test_a_public_post_is_read_by_another_organization_without_anything_private(tenant_a, tenant_b, client):
    public = post(tenant_a, scope="public", body="We are hiring riggers")
    post(tenant_a, scope="workspace", body="Zebra private plan")
    client.force_login(tenant_b.user(Role.RAIDER))
    feed = client.get("/community/?scope=public").content.decode()
    assert "We are hiring riggers" in feed and "Zebra private plan" not in feed
    assert client.get(f"/community/posts/{public.pk}/").status_code == 200
    author = client.get(f"/community/people/{public.author_id}/").content.decode()
    assert "We are hiring riggers" in author and "Zebra private plan" not in author


def test_a_listening_role_may_not_post_and_a_non_moderator_may_not_hide(tenant_a, client):
    client.force_login(tenant_a.user(Role.PASSENGER))
    response = client.post("/community/posts/new/", {"body": "Hi", "scope": "organization"})
    assert response.status_code == 403 and not Post.objects.exists()
    target = post(tenant_a, scope="organization")
    client.force_login(tenant_a.user(Role.GLADIATOR))
    assert client.post(f"/community/posts/{target.pk}/hide/").status_code == 403
    assert client.get("/community/moderation/").status_code == 403
    target.refresh_from_db()
    assert target.status == "visible"


def test_bad_input_shows_the_reason_and_saves_nothing(tenant_a, client):
    client.force_login(tenant_a.user(Role.RAIDER))
    response = client.post("/community/posts/new/", {"body": "Hi", "scope": "organization", "link": "not a link"})
    assert response.status_code == 400 and not Post.objects.exists()
    target = post(tenant_a, scope="organization")
    response = client.post(f"/community/posts/{target.pk}/comment/", {"body": "   "})
    assert response.status_code == 400 and not Comment.objects.exists()


def test_the_feed_costs_the_same_queries_for_3_or_30_posts(tenant_a, client):
    reader = tenant_a.user(Role.GLADIATOR)
    client.force_login(reader)
    client.get("/community/")  # warm the session and the caches

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/community/").status_code == 200
        return len(captured)

    for i in range(3):
        post(tenant_a, role=Role.DEVIATOR, scope="organization", body=f"news {i}")
    few = count()
    for i in range(27):
        Post.objects.create(
            author=tenant_a.user(Role.NAVIGATOR), organization=tenant_a.org, scope="public", body=f"more {i}"
        )
    assert count() == few
