"""The buckets on an S3-compatible object store (FILE_STORAGE=s3), against a real S3 server (moto's,
started on a free port): a production manager uploads a rider through the page and the API, the
objects land in the store, and a crew member opening it gets a redirect to a URL signed for a minute
that serves the bytes with our type and disposition; a member of another organization gets a 404 and
no URL; old versions restore; a share link redirects the same way; avatars are read at their plain
public URL and go from the store when removed."""

import datetime
import io
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import Client, override_settings
from django.utils import timezone
from moto.server import ThreadedMotoServer

from dragonfly.accounts.models import Profile
from dragonfly.files.models import Attachment, Document
from dragonfly.files.services import store_upload
from dragonfly.tenancy.roles import Role

from .helpers import CSV, PNG, make_document, pdf, upload

pytestmark = pytest.mark.django_db
R = Role
PRIVATE, PUBLIC = "dragonfly-files", "dragonfly-public"
KEYS = {"access_key": "testing", "secret_key": "testing"}
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{PUBLIC}/*"}
    ],
}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings):
    """A fresh pair of buckets, and the file storage pointed at them as FILE_STORAGE=s3 does."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    for name in (PRIVATE, PUBLIC):
        client.create_bucket(Bucket=name)
    # The public bucket reads to anyone, as README's "File storage" asks of it; the private one to no one.
    client.put_bucket_policy(Bucket=PUBLIC, Policy=json.dumps(PUBLIC_READ))
    settings.FILE_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "dragonfly.files.storage.BucketStorage",
            "OPTIONS": {
                **KEYS,
                "bucket_name": PRIVATE,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "querystring_expire": 60,
                "public_bucket_name": PUBLIC,
            },
        },
    }
    yield client
    for name in (PRIVATE, PUBLIC):
        for item in client.list_objects_v2(Bucket=name).get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
        client.delete_bucket(Bucket=name)


def stored(client, bucket, key):
    try:
        return client.get_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"NoSuchKey", "404"}:
            return None
        raise


def signed_in(user):
    """A browser of its own for each person (one test client holds one session)."""
    browser = Client()
    browser.force_login(user)
    return browser


def fetch(url):
    """What a browser gets from the store at `url`: (status, headers, bytes)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (the local moto server)
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def signed(response, s3_endpoint):
    """The store URL a download redirected to, after checking it is signed for 60 seconds."""
    assert response.status_code == 302, response.content
    url = response["Location"]
    assert url.startswith(f"{s3_endpoint}/{PRIVATE}/")
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["60"] and query["X-Amz-Signature"]
    assert response["Cache-Control"] == "private, no-store"
    return url


def test_a_rider_on_the_object_store(s3, s3_endpoint, tenant_a, tenant_b):
    manager = signed_in(tenant_a.user(R.GLADIATOR))
    page = f"/files/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/upload/"
    # The browser claims HTML: the store keeps the type read from the content.
    claimed_html = pdf("rider.pdf", "v1")
    claimed_html.content_type = "text/html"
    response = manager.post(page, {"file": claimed_html, "title": "Technical rider", "bucket": "documents"})
    assert response.status_code == 302, response.content
    rider = Document.objects.get(title="Technical rider")
    first = rider.current
    assert first.file.name.startswith("documents/")
    obj = stored(s3, PRIVATE, first.file.name)
    assert obj is not None and obj["ContentType"] == "application/pdf"
    assert obj["Body"].read().endswith(b"% v1\n")
    assert stored(s3, PUBLIC, first.file.name) is None  # a private file never reaches the public bucket

    # A new version through the API.
    version = manager.post(f"/api/files/{rider.pk}/versions/", {"file": pdf("rider-v2.pdf", "v2"), "note": "B"})
    assert version.status_code == 201 and version.json()["version"] == 2

    crew = signed_in(tenant_a.user(R.RAIDER))
    url = signed(crew.get(rider.download_url), s3_endpoint)
    status, headers, content = fetch(url)
    assert status == 200 and content.endswith(b"% v2\n")
    assert headers["Content-Type"] == "application/pdf"
    assert fetch(url.split("?")[0])[0] == 403  # without the signature the store refuses
    assert headers["Content-Disposition"].startswith("inline") and "rider-v2.pdf" in headers["Content-Disposition"]
    status, _, content = fetch(signed(crew.get(f"/files/document/{rider.pk}/v/1/"), s3_endpoint))
    assert status == 200 and content.endswith(b"% v1\n")

    # Restoring version 1 makes its object current again (no copy: the same key).
    restored = manager.post(f"/api/files/{rider.pk}/restore/", {"version": 1}, content_type="application/json")
    assert restored.status_code == 201 and restored.json()["version"] == 3
    status, _, content = fetch(signed(crew.get(rider.download_url), s3_endpoint))
    assert status == 200 and content.endswith(b"% v1\n")

    # Another organization's member learns nothing, not even a URL.
    outsider = signed_in(tenant_b.user(R.GLADIATOR))
    for path in (rider.download_url, f"/files/document/{rider.pk}/v/1/", f"/files/{first.pk}/"):
        answer = outsider.get(path)
        assert answer.status_code == 404 and "Location" not in answer
    assert Attachment.objects.filter(document=rider).count() == 3


def test_an_unsafe_type_still_downloads(s3, s3_endpoint, tenant_a):
    manager = signed_in(tenant_a.user(R.GLADIATOR))
    page = f"/files/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/upload/"
    assert manager.post(page, {"file": upload(CSV, "inventory.csv"), "bucket": "documents"}).status_code == 302
    document = Document.objects.get()
    status, headers, content = fetch(signed(manager.get(f"/files/{document.current_id}/"), s3_endpoint))
    assert status == 200 and content == CSV
    assert headers["Content-Disposition"].startswith("attachment") and "inventory.csv" in headers["Content-Disposition"]
    assert headers["Content-Type"].startswith("text/csv")


def test_a_share_link_redirects_to_a_signed_url(s3, s3_endpoint, tenant_a, client):
    manager = signed_in(tenant_a.user(R.GLADIATOR))
    page = f"/files/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/upload/"
    manager.post(page, {"file": pdf(), "title": "Rider", "bucket": "documents"})
    rider = Document.objects.get()
    link = manager.post(f"/files/document/{rider.pk}/share/", {"days": 3}).context["new_link"]
    manager.logout()  # the promoter has no account
    opened = client.get(link)
    assert opened["Referrer-Policy"] == "no-referrer"
    status, _, content = fetch(signed(opened, s3_endpoint))
    assert status == 200 and content.startswith(b"%PDF")


def test_an_avatar_is_public_and_goes_when_removed(
    s3, s3_endpoint, tenant_a, client, django_capture_on_commit_callbacks
):
    riley = tenant_a.user(R.RAIDER)
    me = signed_in(riley)
    picture = PNG + b"\0" * 64
    assert me.post("/api/profiles/me/photo/", {"photo": upload(picture, "me.png")}).status_code == 200
    avatar = Profile.objects.get(user=riley).avatar
    assert stored(s3, PUBLIC, avatar.file.name)["ContentType"] == "image/png"
    assert stored(s3, PRIVATE, avatar.file.name) is None

    response = client.get(f"/files/public/{avatar.pk}/")
    assert response.status_code == 302
    url = response["Location"]
    assert url == f"{s3_endpoint}/{PUBLIC}/{avatar.file.name}"  # plain, no signature: cacheable by anyone
    status, headers, content = fetch(url)
    assert status == 200 and content == picture and headers["Content-Type"] == "image/png"

    me = signed_in(riley)
    with django_capture_on_commit_callbacks(execute=True):  # the stored object is deleted on commit
        assert me.delete("/api/profiles/me/photo/").status_code == 204
    assert stored(s3, PUBLIC, avatar.file.name) is None and not Attachment.objects.exists()


def test_a_custom_domain_serves_the_public_buckets(s3, settings, tenant_a, client):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "public_domain": "cdn.example.com"},
        },
    }
    riley = tenant_a.user(R.RAIDER)
    signed_in(riley).post("/api/profiles/me/photo/", {"photo": upload(PNG + b"\0" * 64, "me.png")})
    avatar = Profile.objects.get(user=riley).avatar
    assert client.get(f"/files/public/{avatar.pk}/")["Location"] == f"https://cdn.example.com/{avatar.file.name}"


def test_the_store_is_required_before_the_start(settings):
    settings.FILE_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "dragonfly.files.storage.BucketStorage", "OPTIONS": {"bucket_name": ""}},
    }
    with pytest.raises(SystemCheckError, match="AWS_STORAGE_BUCKET_NAME"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
    settings.FILE_STORAGE = "ftp"
    with pytest.raises(SystemCheckError, match="FILE_STORAGE='ftp'"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


def test_a_post_picture_is_read_through_a_signed_url(s3, s3_endpoint, tenant_a, tenant_b):
    from community.models import Post
    from community.tests.helpers import image_upload

    author = signed_in(tenant_a.user(R.RAIDER))
    created = author.post(
        "/api/community/posts/", {"body": "Stage is set", "scope": "organization", "image_upload": image_upload()}
    )
    assert created.status_code == 201, created.content
    post = Post.objects.get()
    assert stored(s3, PRIVATE, post.image.file.name)["ContentType"] == "image/png"
    status, headers, content = fetch(signed(author.get(created.json()["image_url"]), s3_endpoint))
    assert status == 200 and content.startswith(b"\x89PNG") and headers["Content-Type"] == "image/png"
    outsider = signed_in(tenant_b.user(R.GLADIATOR))
    answer = outsider.get(created.json()["image_url"])
    assert answer.status_code == 404 and "Location" not in answer


def test_moving_the_local_files_into_the_store(s3, s3_endpoint, settings, tenant_a, tmp_path):
    on_disk = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with override_settings(STORAGES=on_disk, MEDIA_ROOT=str(tmp_path)):
        rider = make_document(tenant_a)
        avatar = store_upload(upload(PNG, "me.png"), bucket="avatars", actor=tenant_a.user(R.RAIDER))
    assert stored(s3, PRIVATE, rider.current.file.name) is None

    out = io.StringIO()
    call_command("files_to_s3", source=str(tmp_path), dry_run=True, stdout=out)
    assert out.getvalue().strip() == "would copy 2, already in the store 0, missing locally 0"
    assert stored(s3, PRIVATE, rider.current.file.name) is None
    call_command("files_to_s3", source=str(tmp_path), stdout=out)
    assert stored(s3, PRIVATE, rider.current.file.name)["Body"].read().startswith(b"%PDF")
    assert stored(s3, PUBLIC, avatar.file.name)["ContentType"] == "image/png"
    again = io.StringIO()
    call_command("files_to_s3", source=str(tmp_path), stdout=again)  # a second run copies nothing
    assert again.getvalue().strip() == "copied 0, already in the store 2, missing locally 0"

    crew = signed_in(tenant_a.user(R.RAIDER))
    status, _, content = fetch(signed(crew.get(rider.download_url), s3_endpoint))
    assert status == 200 and content.startswith(b"%PDF")


def test_moving_files_needs_the_store(settings):
    with pytest.raises(CommandError, match="FILE_STORAGE=s3"):
        call_command("files_to_s3", stdout=io.StringIO())


def test_the_weekly_cleanup_finds_orphans_in_the_store(s3, tenant_a):
    from dragonfly.core.cleanup import orphan_uploads

    rider = make_document(tenant_a)
    s3.put_object(Bucket=PRIVATE, Key="documents/2026/01/lost.pdf", Body=b"%PDF-1.4\n")
    s3.put_object(Bucket=PUBLIC, Key="logos/2026/01/lost.png", Body=PNG)
    later = timezone.now() + datetime.timedelta(days=2)  # past the grace period
    assert orphan_uploads(later, dry_run=False) == 2
    assert (
        stored(s3, PRIVATE, "documents/2026/01/lost.pdf") is None
        and stored(s3, PUBLIC, "logos/2026/01/lost.png") is None
    )
    assert stored(s3, PRIVATE, rider.current.file.name) is not None  # a file a row names stays


def test_the_environment_switches_the_storage_and_a_missing_bucket_stops_the_start():
    """As a deployment starts it: only the environment differs (a fresh process reads the settings)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "FILE_STORAGE"))}
    show = (
        "from django.conf import settings as s; from dragonfly.core.middleware import CONTENT_SECURITY_POLICY as csp; "
        "print(s.STORAGES['default']['BACKEND'], s.FILE_STORAGE_ORIGINS, "
        "'img-src \\'self\\' data: http://minio:9000' in csp)"
    )
    configured = {
        **base,
        "FILE_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "b",
        "AWS_S3_ENDPOINT_URL": "http://minio:9000",
    }
    ran = subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        env=configured,
        capture_output=True,
        text=True,
        check=True,
    )
    # Pages may then show pictures the store serves (the Content-Security-Policy's img-src).
    assert ran.stdout.strip() == "dragonfly.files.storage.BucketStorage ['http://minio:9000'] True"
    ran = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", show],
        env=base,
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == "django.core.files.storage.FileSystemStorage [] False"  # unset: the disk, as before
    refused = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], env={**base, "FILE_STORAGE": "s3"}, capture_output=True, text=True
    )
    assert refused.returncode == 1 and "files.E002" in refused.stderr and "AWS_STORAGE_BUCKET_NAME" in refused.stderr
