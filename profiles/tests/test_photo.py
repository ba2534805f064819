"""One's photo through the API (`/api/profiles/me/photo/`): the same service and bucket limits as the
profile page; a refusal is a JSON 400 that stores nothing, and removal deletes the file."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.accounts.models import Profile
from dragonfly.activity.models import ActivityEntry
from dragonfly.files.buckets import MB
from dragonfly.files.models import Attachment
from dragonfly.tenancy.roles import Role
from profiles import services
from profiles.errors import ProfileInvalid

pytestmark = pytest.mark.django_db
R = Role
URL = "/api/profiles/me/photo/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _png(name="me.png", size=None):
    content = PNG if size is None else PNG + b"\0" * (size - len(PNG))
    return SimpleUploadedFile(name, content, content_type="image/png")


def _stored(media_root):
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


def test_upload_replace_and_remove_my_photo_through_the_api(
    tenant_a, login, media_root, django_capture_on_commit_callbacks
):
    riley = tenant_a.user(R.RAIDER)
    client = login(riley)
    response = client.post(URL, {"photo": _png()})
    assert response.status_code == 200, response.content
    first = Profile.objects.get(user=riley).avatar
    assert first.bucket == "avatars" and response.json()["photo"] == f"/files/public/{first.pk}/"
    assert client.get("/api/profiles/me/").json()["photo"] == f"/files/public/{first.pk}/"

    # A new photo replaces the old one, whose file goes.
    with django_capture_on_commit_callbacks(execute=True):  # the stored file is deleted on commit
        second = client.post(URL, {"photo": _png("new.png")})
    assert second.status_code == 200
    avatar = Profile.objects.get(user=riley).avatar
    assert avatar.pk != first.pk and not Attachment.objects.filter(pk=first.pk).exists()
    assert _stored(media_root) == [avatar.file.name.rsplit("/", 1)[-1]]

    with django_capture_on_commit_callbacks(execute=True):  # the stored file is deleted on commit
        removed = client.delete(URL)
    assert removed.status_code == 204
    assert Profile.objects.get(user=riley).avatar is None and not Attachment.objects.exists()
    assert _stored(media_root) == []
    again = client.delete(URL)
    assert again.status_code == 400 and again.json()["code"] == "invalid_profile"
    verbs = list(ActivityEntry.objects.filter(actor=riley).values_list("verb", flat=True).order_by("pk"))
    assert verbs == ["profile.photo_changed", "profile.photo_changed", "profile.photo_removed"]


def test_the_avatars_bucket_limits_are_json_400s_and_store_nothing(tenant_a, login, media_root):
    riley = tenant_a.user(R.RAIDER)
    client = login(riley)
    client.post(URL, {"photo": _png()})
    kept = Profile.objects.get(user=riley).avatar

    wrong = client.post(URL, {"photo": SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")})
    assert wrong.status_code == 400 and wrong["Content-Type"] == "application/json"
    assert "not a file type avatars accepts" in wrong.json()["detail"]
    big = client.post(URL, {"photo": _png("huge.png", 5 * MB + 1)})
    assert big.status_code == 400 and "at most 5 MB" in big.json()["detail"]
    missing = client.post(URL, {})
    assert missing.status_code == 400 and "photo" in missing.json()["errors"]
    assert Profile.objects.get(user=riley).avatar == kept and Attachment.objects.count() == 1
    assert len(_stored(media_root)) == 1


def test_only_a_signed_in_owner_changes_a_photo(tenant_a, client):
    anonymous = client.post(URL, {"photo": _png()})
    assert anonymous.status_code in (401, 403) and anonymous["Content-Type"] == "application/json"
    riley, other = tenant_a.user(R.RAIDER), tenant_a.user(R.GLADIATOR)
    with pytest.raises(PermissionDenied):
        services.set_photo(riley, actor=other, upload=_png())
    with pytest.raises(ProfileInvalid):
        services.remove_photo(riley, actor=riley)
    assert not Attachment.objects.exists()


def test_the_edit_page_shows_the_photo_and_removes_it_through_the_same_service(tenant_a, login):
    riley = tenant_a.user(R.RAIDER)
    client = login(riley)
    assert "Remove photo" not in client.get("/profiles/edit/").content.decode()
    services.set_photo(riley, actor=riley, upload=_png())
    avatar = Profile.objects.get(user=riley).avatar
    page = client.get("/profiles/edit/").content.decode()
    assert f"/files/public/{avatar.pk}/" in page and "/profiles/photo/remove/" in page
    response = client.post("/profiles/photo/remove/", follow=True)
    assert "Your photo is removed." in response.content.decode()
    assert Profile.objects.get(user=riley).avatar is None and not Attachment.objects.exists()
    again = client.post("/profiles/photo/remove/", follow=True)
    assert "You have no photo to remove." in again.content.decode()
