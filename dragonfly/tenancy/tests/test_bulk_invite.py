"""An admin invites a whole crew from a CSV: a preview names each bad row, confirming sends the good ones."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.tenancy.models import Invitation
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def test_preview_shows_per_row_errors_and_confirm_sends_only_the_valid_rows(
    tenant_a, login, django_capture_on_commit_callbacks
):
    member = tenant_a.user(Role.RAIDER)
    member.email = "raider@acme.test"
    member.save()
    csv_text = (
        "name,email,role,workspace\n"
        f"Ana,ana@crew.test,Deviator,{tenant_a.workspace.name}\n"
        "Ben,ben@crew.test,gladiator,\n"
        "Bad,not-an-email,Raider,\n"
        "Who,who@crew.test,Wizard,\n"
        "Ana again,ana@crew.test,Raider,\n"
        "Known,raider@acme.test,Raider,\n"
        "Boss,boss@crew.test,Legend,\n"
        "Lost,lost@crew.test,Raider,Nowhere\n"
    )
    client = login(tenant_a.user(Role.PHANTOM))
    upload = SimpleUploadedFile("crew.csv", csv_text.encode(), content_type="text/csv")
    response = client.post("/invitations/import/", {"file": upload})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [r.email for r in preview.valid] == ["ana@crew.test", "ben@crew.test"]
    errors = {r.line: " ".join(r.errors) for r in preview.invalid}
    assert "is not an email address" in errors[4]
    assert "Unknown role “Wizard”" in errors[5]
    assert "also on line 2" in errors[6]
    assert "already a member" in errors[7]
    assert "may not grant the Legend role" in errors[8]
    assert "No workspace “Nowhere”" in errors[9]
    assert not Invitation.objects.exists()  # a preview sends nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/invitations/import/", {"text": csv_text, "confirm": "on"})
    assert response.status_code == 302
    sent = {i.email: (i.role, i.workspace) for i in Invitation.objects.all()}
    assert sent == {"ana@crew.test": (Role.DEVIATOR, tenant_a.workspace), "ben@crew.test": (Role.GLADIATOR, None)}
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@crew.test", "ben@crew.test"]


def test_a_file_without_the_needed_columns_is_refused_whole(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    upload = SimpleUploadedFile("crew.csv", b"first,last\nAna,Lee\n", content_type="text/csv")
    response = client.post("/invitations/import/", {"file": upload})
    assert response.status_code == 400 and "Missing column(s): email, role" in response.content.decode()


def test_posting_no_file_at_all_asks_for_one(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post("/invitations/import/")
    assert response.status_code == 400 and "Choose a CSV file." in response.content.decode()
