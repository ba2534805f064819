"""Builders for community stories: posts in each scope by members of a tenant (conftest's tenants)."""

from community import services
from dragonfly.tenancy.roles import Role


def post(tenant, role=Role.RAIDER, scope="workspace", body="Load-in at 07:00", **fields):
    """A post by `tenant`'s member of `role`: to the tenant's workspace, its organization or the public."""
    author = tenant.user(role)
    if scope == "workspace":
        fields.setdefault("workspace", tenant.workspace)
    else:
        fields.setdefault("organization", tenant.org)
    return services.create_post(actor=author, body=body, scope=scope, **fields)


def image_upload(name="stage.png"):
    """A tiny PNG, enough for the upload checks (type read from the content)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
