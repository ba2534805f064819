"""The community API: the same services, visibility and rules as the pages; errors are JSON."""

import pytest

from community.models import Block, Comment, Connection, Follow, Post
from dragonfly.tenancy.roles import Role

from .helpers import post

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_post_react_comment_and_moderate_through_the_api(tenant_a, tenant_b, login):
    client = login(tenant_a.user(Role.RAIDER))
    created = client.post(
        "/api/community/posts/",
        {"body": "Truck 2 is late", "scope": "workspace", "workspace": tenant_a.workspace.pk},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["organization"] == tenant_a.org.pk
    colleague = login(tenant_a.user(Role.DEVIATOR))
    reacted = colleague.post(f"/api/community/posts/{pk}/react/", {"kind": "support"}, content_type=JSON)
    assert reacted.status_code == 200 and reacted.json()["my_reaction"] == "support"
    assert reacted.json()["reaction_count"] == 1
    comment = colleague.post("/api/community/comments/", {"post": pk, "body": "ETA 20 min"}, content_type=JSON)
    assert comment.status_code == 201
    reply = colleague.post(
        "/api/community/comments/", {"post": pk, "parent": comment.json()["id"], "body": "Now 30"}, content_type=JSON
    )
    assert reply.status_code == 201 and Comment.objects.get(pk=reply.json()["id"]).parent_id == comment.json()["id"]
    listed = colleague.get(f"/api/community/comments/?post={pk}").json()
    assert [c["body"] for c in listed["results"]] == ["ETA 20 min", "Now 30"]
    # a non-moderator may not hide (403); the org admin may
    assert colleague.post(f"/api/community/posts/{pk}/hide/", {}, content_type=JSON).status_code == 403
    hidden = login(tenant_a.user(Role.PHANTOM)).post(
        f"/api/community/posts/{pk}/hide/", {"note": "dupe"}, content_type=JSON
    )
    assert hidden.status_code == 200 and hidden.json()["status"] == "hidden"


def test_another_organization_sees_nothing_private_and_gets_404(tenant_a, tenant_b, login):
    private = post(tenant_a, scope="organization", body="Zebra news")
    public = post(tenant_a, scope="public", body="Open news")
    outsider = login(tenant_b.user(Role.PHANTOM))
    rows = outsider.get("/api/community/posts/").json()["results"]
    assert [r["id"] for r in rows] == [public.pk]
    assert outsider.get(f"/api/community/posts/{private.pk}/").status_code == 404
    assert (
        outsider.post(f"/api/community/posts/{private.pk}/react/", {"kind": "like"}, content_type=JSON).status_code
        == 404
    )
    assert outsider.delete(f"/api/community/posts/{private.pk}/").status_code == 404
    # naming A's workspace for a post is refused as if it did not exist
    bad = outsider.post(
        "/api/community/posts/",
        {"body": "x", "scope": "workspace", "workspace": tenant_a.workspace.pk},
        content_type=JSON,
    )
    assert bad.status_code == 400 and Post.objects.count() == 2
    # a colleague of A they cannot reach is not a person they may ask to connect
    refused = outsider.post(
        "/api/community/connections/", {"addressee": tenant_a.user(Role.NAVIGATOR).pk}, content_type=JSON
    )
    assert refused.status_code == 400 and not Connection.objects.exists()


def test_roles_that_may_not_act_get_403_and_bad_input_400(tenant_a, login):
    passenger = login(tenant_a.user(Role.PASSENGER))
    refused = passenger.post("/api/community/posts/", {"body": "Hi", "scope": "organization"}, content_type=JSON)
    assert refused.status_code == 403
    target = post(tenant_a, scope="organization")
    other = login(tenant_a.user(Role.GLADIATOR))
    assert other.delete(f"/api/community/posts/{target.pk}/").status_code == 403  # only the author deletes
    bad = other.post(f"/api/community/posts/{target.pk}/react/", {"kind": "angry"}, content_type=JSON)
    assert bad.status_code == 400
    empty = other.post("/api/community/comments/", {"post": target.pk, "body": "  "}, content_type=JSON)
    assert empty.status_code == 400 and not Comment.objects.exists()
    assert Post.objects.count() == 1


def test_connections_follows_and_blocks_through_the_api(tenant_a, tenant_b, login):
    riley, devi = tenant_a.user(Role.RAIDER), tenant_a.user(Role.DEVIATOR)
    asked = login(riley).post("/api/community/connections/", {"addressee": devi.pk}, content_type=JSON)
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    pk = asked.json()["id"]
    assert login(riley).post(f"/api/community/connections/{pk}/accept/").status_code == 403
    accepted = login(devi).post(f"/api/community/connections/{pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    post(tenant_b, scope="public", body="Summit news")
    own = login(riley).post("/api/community/follows/", {"organization": tenant_a.org.pk}, content_type=JSON)
    assert own.status_code == 400  # one's own organization's posts reach one anyway
    followed = login(riley).post("/api/community/follows/", {"organization": tenant_b.org.pk}, content_type=JSON)
    assert followed.status_code == 201
    both = login(riley).post(
        "/api/community/follows/", {"organization": tenant_b.org.pk, "user": devi.pk}, content_type=JSON
    )
    assert both.status_code == 400
    blocked = login(riley).post("/api/community/blocks/", {"blocked": devi.pk}, content_type=JSON)
    assert blocked.status_code == 201 and not Connection.objects.exists()
    assert login(devi).get("/api/community/blocks/").json()["results"] == []  # the blocked person is not told
    assert login(riley).delete(f"/api/community/blocks/{blocked.json()['id']}/").status_code == 204
    assert not Block.objects.exists() and Follow.objects.count() == 1


def test_a_post_with_a_picture_through_the_api_and_who_sees_the_picture(tenant_a, tenant_b, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dragonfly.files.models import Attachment

    from .helpers import image_upload

    author = login(tenant_a.user(Role.RAIDER))
    response = author.post(
        "/api/community/posts/", {"body": "Stage is set", "scope": "organization", "image_upload": image_upload()}
    )
    assert response.status_code == 201, response.json()
    created = Post.objects.get()
    assert response.json()["image_url"] == f"/community/posts/{created.pk}/image/" and created.image.bucket == "media"
    assert author.get(response.json()["image_url"]).status_code == 200
    bad = author.post(
        "/api/community/posts/",
        {"body": "Not a picture", "scope": "organization", "image_upload": SimpleUploadedFile("a.png", b"%PDF-1.4\n")},
    )
    assert bad.status_code == 400 and "is not a photo" in str(bad.json())
    assert (Post.objects.count(), Attachment.objects.count()) == (1, 1)
    outsider = login(tenant_b.user(Role.GLADIATOR))  # an organization post: not theirs to read
    assert outsider.get(f"/community/posts/{created.pk}/image/").status_code == 404
    assert outsider.get(f"/api/community/posts/{created.pk}/").status_code == 404
