import io
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.files.buckets import BUCKETS, MB
from dragonfly.files.models import Attachment
from dragonfly.files.services import UploadRefused, store_upload
from dragonfly.files.sniff import detect_type
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\x8d\xb8\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DWG = b"AC1027" + b"\x00" * 200
DXF = b"  0\nSECTION\n  2\nHEADER\n  0\nENDSEC\n  0\nEOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def upload(content, name):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files(root):
    return [f for _, _, files in os.walk(root) for f in files]


@pytest.mark.parametrize(
    "bucket,content,name",
    [
        ("avatars", PNG, "me.png"),
        ("logos", PNG, "logo.png"),
        ("documents", PDF, "rider.pdf"),
        ("media", MP4, "clip.mp4"),
        ("project-files", PDF, "deliverable.pdf"),
        ("event-assets", PNG, "poster.png"),
        ("technical-drawings", DWG, "stage.dwg"),
        ("technical-drawings", DXF, "stage.dxf"),
        ("reports", PDF, "report.pdf"),
        ("receipts", PNG, "receipt.png"),
    ],
)
def test_each_bucket_accepts_its_types(tenant_a, bucket, content, name, media_root):
    gladiator = tenant_a.user(Role.GLADIATOR)
    attachment = store_upload(upload(content, name), bucket=bucket, actor=gladiator, workspace=tenant_a.workspace)
    assert attachment.bucket == bucket and attachment.size == len(content)
    assert name not in attachment.file.name  # stored names are ours, not the user's
    assert attachment.original_name == name


@pytest.mark.parametrize(
    "bucket,content,name,message",
    [
        ("avatars", PDF, "avatar.png", "not a file type avatars accepts"),  # a PDF named .png
        ("logos", b"<svg onload=alert(1)></svg>", "logo.svg", "contains web page markup"),
        ("receipts", b"MZ\x90\x00" + b"\x00" * 100, "receipt.pdf", "not a file type receipts accepts"),
        ("technical-drawings", MP4, "plan.dwg", "not a file type technical-drawings accepts"),
        ("documents", b"<html><script>alert(1)</script></html>", "notes.txt", "contains web page markup"),
        # Markup without <html, <script or <svg, or starting after byte 200, is still markup.
        ("documents", b"<div onmouseover=alert(1)>Rider</div>", "notes.txt", "contains web page markup"),
        ("documents", b"Stage plot notes. " * 20 + b"<img src=x onerror=alert(1)>", "plot.txt", "web page markup"),
        ("documents", b'<?xml version="1.0"?><rider><act>x</act></rider>', "rider.txt", "web page markup"),
        ("receipts", b"Total: 40\n<iframe src=//evil></iframe>", "receipt.txt", "web page markup"),
        ("media", PDF, "song.mp3", "not a file type media accepts"),
        ("documents", b"", "empty.pdf", "The file is empty"),
        ("nowhere", PDF, "x.pdf", "Unknown storage bucket"),
    ],
)
def test_wrong_type_is_refused_and_nothing_is_stored(tenant_a, bucket, content, name, message, media_root):
    with pytest.raises(UploadRefused, match=message):
        store_upload(
            upload(content, name), bucket=bucket, actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace
        )
    assert Attachment.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "content,detected",
    [
        (b"Load-in at 08:00. Bring 3 < 4 spare cables and email <me@example.com>.", "text/plain"),
        (b"item,qty\nCable,3\n", "text/csv"),
        (b"0\r\nSECTION\r\n  2\r\nENTITIES\r\n", "image/vnd.dxf"),
    ],
)
def test_plain_text_that_merely_mentions_angle_brackets_is_accepted(content, detected):
    assert detect_type(content) == detected


@pytest.mark.parametrize("bucket", ["avatars", "receipts", "documents"])
def test_oversize_is_refused_with_the_limit(tenant_a, bucket, media_root):
    limit = BUCKETS[bucket].max_bytes
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * (limit - len(PNG) + 1))
    with pytest.raises(UploadRefused, match=f"at most {limit // MB} MB"):
        store_upload(big, bucket=bucket, actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace)
    assert Attachment.objects.count() == 0 and stored_files(media_root) == []


def test_contracts_only_for_organization_admins(tenant_a, media_root):
    with pytest.raises(PermissionDenied):
        store_upload(
            upload(PDF, "deal.pdf"),
            bucket="contracts",
            actor=tenant_a.user(Role.GLADIATOR),
            workspace=tenant_a.workspace,
        )
    assert Attachment.objects.count() == 0
    contract = store_upload(
        upload(PDF, "deal.pdf"), bucket="contracts", actor=tenant_a.user(Role.PHANTOM), workspace=tenant_a.workspace
    )
    assert contract in Attachment.objects.visible_to(tenant_a.user(Role.PHANTOM))
    assert contract not in Attachment.objects.visible_to(tenant_a.user(Role.GLADIATOR))


def test_roles_without_upload_permission_are_refused(tenant_a, media_root):
    with pytest.raises(PermissionDenied):
        store_upload(
            upload(PDF, "x.pdf"), bucket="documents", actor=tenant_a.user(Role.PASSENGER), workspace=tenant_a.workspace
        )
    assert Attachment.objects.count() == 0


def test_private_files_are_served_only_to_those_who_may_see_them(tenant_a, tenant_b, login, media_root):
    doc = store_upload(
        upload(PDF, "rider.pdf"), bucket="documents", actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace
    )
    response = login(tenant_a.user(Role.NAVIGATOR)).get(f"/files/{doc.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert login(tenant_b.user(Role.PHANTOM)).get(f"/files/{doc.pk}/").status_code == 404
    assert login(tenant_a.user(Role.AMBASSADOR)).get(f"/files/{doc.pk}/").status_code == 404
    # and a private file is never reachable through the public route
    assert login(tenant_a.user(Role.NAVIGATOR)).get(f"/files/public/{doc.pk}/").status_code == 404


def test_avatar_upload_through_the_profile_page(tenant_a, login, media_root):
    user = tenant_a.user(Role.RAIDER)
    client = login(user)
    bad = client.post("/me/profile/", {"avatar": io.BytesIO(PDF), "first_name": "Riley"})
    assert bad.status_code == 200 and "not a file type avatars accepts" in bad.content.decode()
    assert Attachment.objects.count() == 0
    good_file = SimpleUploadedFile("face.png", PNG, content_type="image/png")
    response = client.post("/me/profile/", {"avatar": good_file, "first_name": "Riley", "phone": "+1 555 0100"})
    assert response.status_code == 302
    user.profile.refresh_from_db()
    avatar = user.profile.avatar
    assert avatar.bucket == "avatars"
    public = client.get(f"/files/public/{avatar.pk}/")
    assert public.status_code == 200 and public["Content-Type"] == "image/png"
