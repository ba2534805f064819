"""Who reads which post: the workspace's members, the organization's, every signed-in user for a public
post; never across a block; a post a moderator took down only to the moderators."""

import pytest
from django.core.exceptions import PermissionDenied

from community import services
from community.errors import CommunityInvalid, PostingTooFast
from community.models import Post
from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member

from .helpers import image_upload, post

pytestmark = pytest.mark.django_db


def readers(p, *users):
    return [Post.objects.visible_to(u).filter(pk=p.pk).exists() for u in users]


def test_each_scope_reaches_its_own_readers_and_no_one_else(tenant_a, tenant_b):
    in_workspace = post(tenant_a, scope="workspace", body="Dock door code changed")
    in_org = post(tenant_a, scope="organization", body="Holiday party on Friday")
    public = post(tenant_a, scope="public", body="We are hiring riggers")
    colleague = tenant_a.user(Role.GLADIATOR)
    elsewhere = make_member(Role.RAIDER, tenant_a.org, tenant_a.other_workspace)  # same org, other workspace
    stranger = tenant_b.user(Role.PHANTOM)
    assert readers(in_workspace, colleague, elsewhere, stranger) == [True, False, False]
    assert readers(in_org, colleague, elsewhere, stranger) == [True, True, False]
    assert readers(public, colleague, elsewhere, stranger) == [True, True, True]
    # the org-wide admin reads the workspace post too (their role reaches every workspace)
    assert readers(in_workspace, tenant_a.user(Role.PHANTOM)) == [True]


def test_a_block_keeps_both_sides_apart_whichever_way_it_points(tenant_a, tenant_b):
    author, reader = tenant_a.user(Role.RAIDER), tenant_b.user(Role.RAIDER)
    public = post(tenant_a, scope="public")
    services.block(reader, actor=author)  # the author blocks the reader
    assert readers(public, reader) == [False]
    theirs = post(tenant_b, scope="public", body="Summit site build")
    assert readers(theirs, author) == [False]  # and the blocker no longer reads the blocked person either
    services.unblock(reader, actor=author)
    assert readers(public, reader) == [True]


def test_a_hidden_post_shows_only_to_moderators(tenant_a, tenant_b):
    public = post(tenant_a, scope="public")
    services.hide_post(public, actor=tenant_a.user(Role.PHANTOM), note="Off topic")
    assert readers(public, tenant_a.user(Role.PHANTOM), tenant_a.user(Role.GLADIATOR), tenant_b.user(Role.PHANTOM)) == [
        True,
        False,
        False,
    ]
    assert readers(public, tenant_a.user(Role.RAIDER)) == [False]  # its author too


def test_listening_roles_may_not_post_and_nothing_is_saved(tenant_a):
    for role in (Role.PASSENGER, Role.AMBASSADOR, Role.MERCHANT, Role.VISITOR):
        with pytest.raises(PermissionDenied):
            post(tenant_a, role=role, scope="workspace")
        with pytest.raises(PermissionDenied):
            post(tenant_a, role=role, scope="public")
    assert not Post.objects.exists()


def test_no_post_to_another_organizations_workspace(tenant_a, tenant_b):
    with pytest.raises(PermissionDenied):
        services.create_post(
            actor=tenant_b.user(Role.PHANTOM), body="Hello", scope="workspace", workspace=tenant_a.workspace
        )
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": "   "}, "Give the text"),
        ({"body": "x" * 5001}, "at most 5000"),
        ({"link": "javascript:alert(1)"}, "not a web address"),
        ({"scope": "galaxy"}, "Pick who the post is for"),
        ({"scope": "workspace", "workspace": None}, "Pick the workspace"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_saves_nothing(tenant_a, fields, message):
    data = {"body": "Hello", "scope": "organization", **fields}
    with pytest.raises(CommunityInvalid, match=message):
        services.create_post(actor=tenant_a.user(Role.RAIDER), **data)
    assert not Post.objects.exists()


def test_posting_is_rate_limited_with_a_clear_error(tenant_a, monkeypatch):
    monkeypatch.setattr(services, "POSTS_PER_WINDOW", 2)
    post(tenant_a, body="one")
    post(tenant_a, body="two")
    with pytest.raises(PostingTooFast, match="2 posts in the last 10 minutes"):
        post(tenant_a, body="three")
    assert Post.objects.count() == 2
    post(tenant_a, role=Role.DEVIATOR, body="someone else still may")


def test_an_image_is_stored_in_the_media_bucket_and_refused_when_not_an_image(tenant_a):
    with_image = post(tenant_a, scope="organization", image=image_upload())
    assert with_image.image.bucket == "media"
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(CommunityInvalid):
        post(tenant_a, scope="organization", body="bad", image=SimpleUploadedFile("x.png", b"MZ not an image"))
    assert Post.objects.count() == 1


def test_a_video_or_an_oversized_picture_is_not_a_post_image_and_nothing_is_stored(tenant_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dragonfly.files.images import IMAGE_MAX_BYTES
    from dragonfly.files.models import Attachment

    video = SimpleUploadedFile("clip.png", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\0" * 64)
    with pytest.raises(CommunityInvalid, match="is not a photo"):
        post(tenant_a, scope="organization", body="clip", image=video)
    huge = image_upload("huge.png")
    huge.size = IMAGE_MAX_BYTES + 1
    with pytest.raises(CommunityInvalid, match="at most 10 MB"):
        post(tenant_a, scope="organization", body="huge", image=huge)
    assert not Post.objects.exists() and not Attachment.objects.exists()
