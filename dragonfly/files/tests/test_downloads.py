"""Every download is permission-checked and safe to open: a safe image or a PDF shows in the browser,
anything else downloads (`Content-Disposition: attachment`), and the browser never guesses a type."""

import pytest

from dragonfly.tenancy.roles import Role

from .helpers import CSV, PNG, make_document, pdf, upload

pytestmark = pytest.mark.django_db

DOCX = b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 200


@pytest.mark.parametrize(
    "content,name,disposition",
    [
        (None, "rider.pdf", "inline"),
        (PNG, "stage.png", "inline"),
        (CSV, "inventory.csv", "attachment"),
    ],
)
def test_download_headers(tenant_a, login, content, name, disposition):
    document = make_document(tenant_a, upload_=pdf(name) if content is None else upload(content, name))
    client = login(tenant_a.user(Role.RAIDER))
    for url in (document.download_url, f"/files/document/{document.pk}/v/1/", f"/files/{document.current_id}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith(disposition), response["Content-Disposition"]
        assert name in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
        assert "default-src 'none'" in response["Content-Security-Policy"]


def test_signed_out_visitors_are_sent_to_sign_in(tenant_a, client):
    document = make_document(tenant_a)
    response = client.get(document.download_url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
