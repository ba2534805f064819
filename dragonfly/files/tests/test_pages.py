"""The files pages: a production manager finds the workspace's files by category, object and name,
uploads one, reads a rider's history, compares two versions and restores one; the production's Files
tab and the venue's page show the files attached to them, through the same panel."""

import pytest
from django.contrib.contenttypes.models import ContentType

from dragonfly.files import services
from dragonfly.files.models import Document, DocumentCategory
from dragonfly.tenancy.roles import Role
from dragonfly.testing.queries import PageSize, assert_constant_queries
from locations.tests.helpers import make_location
from productions.tests.helpers import make_production

from .helpers import DWG, make_document, pdf, upload

pytestmark = pytest.mark.django_db
R = Role


def files_url(tenant):
    return f"/files/w/{tenant.org.slug}/{tenant.workspace.slug}/"


def shown(response):
    return [d.title for d in response.context["page"].object_list]


def test_finding_and_uploading_files(tenant_a, login):
    production = make_production(tenant_a)
    riders = DocumentCategory.objects.get(organization=tenant_a.org, name="Riders")
    make_document(tenant_a, attach_to=production, title="Technical rider", category=riders)
    make_document(tenant_a, title="Crew handbook")
    client = login(tenant_a.user(R.GLADIATOR))
    assert sorted(shown(client.get(files_url(tenant_a)))) == ["Crew handbook", "Technical rider"]
    assert shown(client.get(files_url(tenant_a), {"category": riders.pk})) == ["Technical rider"]
    assert shown(client.get(files_url(tenant_a), {"object_type": "productions.production"})) == ["Technical rider"]
    assert shown(client.get(files_url(tenant_a), {"object_type": "none"})) == ["Crew handbook"]
    assert shown(client.get(files_url(tenant_a), {"q": "handbook"})) == ["Crew handbook"]
    empty = client.get(files_url(tenant_a), {"q": "nothing like it"})
    assert "Nothing matches these filters" in empty.content.decode()
    assert client.get(files_url(tenant_a), {"object_type": "nope.nope"}).status_code == 400

    response = client.post(
        f"{files_url(tenant_a)}upload/", {"file": pdf("permit.pdf"), "title": "Noise permit", "bucket": "documents"}
    )
    permit = Document.objects.get(title="Noise permit")
    assert response.status_code == 302 and response["Location"] == f"/files/document/{permit.pk}/"
    refused = client.post(f"{files_url(tenant_a)}upload/", {"file": upload(DWG, "stage.dwg"), "bucket": "documents"})
    assert refused.status_code == 400 and "not a file type documents accepts" in refused.content.decode()
    assert Document.objects.count() == 3
    assert login(tenant_a.user(R.PASSENGER)).post(f"{files_url(tenant_a)}upload/", {}).status_code == 403


def test_an_empty_workspace_says_what_to_do(tenant_a, login):
    page = login(tenant_a.user(R.RAIDER)).get(files_url(tenant_a)).content.decode()
    assert "No files yet" in page and "Upload a file" not in page  # a Raider reads, does not upload


def test_the_files_page_costs_the_same_queries_for_1_row_and_many(tenant_a, login, monkeypatch):
    for n in range(4):
        make_document(tenant_a, title=f"Plan {n}", attach_to=make_production(tenant_a, name=f"Show {n}"))
    make_document(tenant_a, title="Venue sheet", attach_to=make_location(tenant_a, "Columbiahalle"))
    client = login(tenant_a.user(R.GLADIATOR))
    client.get(files_url(tenant_a))  # the session's first page and the content type cache
    size = PageSize(1)
    with size.active(monkeypatch):
        _queries, small, big = assert_constant_queries(client, files_url(tenant_a), grow=lambda: size.set(200))
    assert (small, big) == (1, 5)


def test_history_compare_and_restore(tenant_a, login):
    gladiator = tenant_a.user(R.GLADIATOR)
    rider = make_document(tenant_a, note="First issue")
    services.add_version(rider, actor=gladiator, upload=pdf("rider-v2.pdf", "version two"), note="B-stage")
    client = login(gladiator)
    page = client.get(f"/files/document/{rider.pk}/").content.decode()
    assert "rider-v2.pdf" in page and "First issue" in page and "B-stage" in page and "Restore" in page
    compared = client.get(f"/files/document/{rider.pk}/", {"a": 1, "b": 2})
    rows = {label: (a, b, differs) for label, a, b, differs, _time in compared.context["compare"]["rows"]}
    assert rows["File name"] == ("rider.pdf", "rider-v2.pdf", True)
    assert rows["Type"] == ("application/pdf", "application/pdf", False)
    missing = client.get(f"/files/document/{rider.pk}/", {"a": 1, "b": 7}).content.decode()
    assert "This file has no such version." in missing
    response = client.post(f"/files/document/{rider.pk}/v/1/restore/")
    assert response.status_code == 302
    rider.refresh_from_db()
    assert (rider.current.version, rider.current.restored_from.version) == (3, 1)
    again = client.post(f"/files/document/{rider.pk}/v/3/restore/", follow=True)
    assert "already the current one" in again.content.decode()
    version = client.post(f"/files/document/{rider.pk}/versions/", {"file": upload(DWG, "x.dwg")})
    assert version.status_code == 400 and rider.versions.count() == 3
    crew = login(tenant_a.user(R.DEVIATOR))
    assert f"/files/document/{rider.pk}/v/1/restore/" not in crew.get(f"/files/document/{rider.pk}/").content.decode()
    assert crew.post(f"/files/document/{rider.pk}/v/1/restore/").status_code == 403
    assert crew.post(f"/files/document/{rider.pk}/versions/", {"file": pdf()}).status_code == 403


def test_the_panel_on_the_production_and_venue_pages(tenant_a, tenant_b, login):
    production = make_production(tenant_a)
    venue = make_location(tenant_a, "Columbiahalle")
    make_document(tenant_a, attach_to=production, title="Technical rider")
    client = login(tenant_a.user(R.GLADIATOR))
    tab = client.get(f"/productions/{production.pk}/files/").content.decode()
    assert "Technical rider" in tab and "Attach a file" in tab
    attach = f"/files/attach/{ContentType.objects.get_for_model(venue).pk}/{venue.pk}/"
    venue_page = f"/events/venue/{venue.pk}/"
    form = {"file": pdf("plan.pdf"), "title": "Floor plan", "bucket": "technical-drawings", "next": venue_page}
    response = client.post(attach, form)
    assert response.status_code == 302 and response["Location"] == venue_page
    assert Document.objects.get(title="Floor plan").content_object == venue
    assert "Floor plan" in client.get(venue_page).content.decode()
    elsewhere = client.post(attach, {"file": pdf(), "bucket": "documents", "next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"  # never sent off the site
    # Someone who does not see the venue can't attach to it (404); a reader may not upload (403).
    assert login(tenant_b.user(R.GLADIATOR)).post(attach, {"file": pdf()}).status_code == 404
    assert login(tenant_a.user(R.PASSENGER)).post(attach, {"file": pdf()}).status_code == 403
    assert Document.objects.filter(content_type__model="location").count() == 2
