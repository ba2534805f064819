"""Shared builders of the files tests: small files of each kind and documents through the services."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.files import services
from dragonfly.tenancy.roles import Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\x8d\xb8\x00\x00\x00\x00IEND\xaeB`\x82"
)
CSV = b"item,qty\nPA,2\n"
DWG = b"AC1027" + b"\x00" * 200


def pdf(name="rider.pdf", text="v1"):
    """A PDF whose bytes say which version it is."""
    return SimpleUploadedFile(name, PDF + f"% {text}\n".encode(), content_type="application/pdf")


def upload(content, name):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def make_document(tenant, *, attach_to=None, title="Technical rider", bucket="documents", upload_=None, **kwargs):
    return services.create_document(
        tenant.workspace,
        actor=tenant.user(Role.GLADIATOR),
        upload=upload_ or pdf(),
        title=title,
        bucket=bucket,
        attach_to=attach_to,
        **kwargs,
    )


def body(response):
    return b"".join(response.streaming_content)
