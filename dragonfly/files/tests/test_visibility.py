"""A file attached to something is seen by exactly those who see that thing: the object's own
`visible_to`, whatever module it comes from. Another organization sees nothing (404); a crew member
who may not see an advance does not see its files; the download is checked every time."""

import pytest

from advancing.tests.helpers import make_advance
from dragonfly.files import services
from dragonfly.files.models import Document
from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_production

from .helpers import make_document, pdf

pytestmark = pytest.mark.django_db
R = Role


def urls(document):
    return [
        f"/files/document/{document.pk}/",
        document.download_url,
        f"/files/document/{document.pk}/v/1/",
        f"/files/{document.current_id}/",
        f"/api/files/{document.pk}/",
    ]


def test_another_organization_sees_nothing(tenant_a, tenant_b, login):
    rider = make_document(tenant_a, attach_to=make_production(tenant_a))
    own = make_document(tenant_a, title="Crew handbook")  # of the workspace itself
    for role in (R.PHANTOM, R.GLADIATOR, R.RAIDER):
        outsider = tenant_b.user(role)
        assert not Document.objects.visible_to(outsider).exists()
        client = login(outsider)
        for document in (rider, own):
            for url in urls(document):
                assert client.get(url).status_code == 404, (role, url)
        assert client.get("/api/files/").json()["results"] == []
        assert client.get(f"/files/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/").status_code == 404


def test_a_crew_member_sees_the_files_of_what_they_see(tenant_a, login):
    raider, deviator = tenant_a.user(R.RAIDER), tenant_a.user(R.DEVIATOR)
    theirs = make_advance(tenant_a, submitter=deviator)  # a Raider sees only their own advances
    mine = make_advance(tenant_a, submitter=raider, activation="My own")
    hidden = make_document(tenant_a, attach_to=theirs, title="Quote for the forklift")
    shown = make_document(tenant_a, attach_to=mine, title="My quote")
    handbook = make_document(tenant_a, title="Crew handbook")
    assert set(Document.objects.visible_to(raider)) == {shown, handbook}
    assert set(Document.objects.visible_to(deviator)) == {hidden, shown, handbook}
    client = login(raider)
    for url in urls(hidden):
        assert client.get(url).status_code == 404, url
    for url in urls(shown):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/files/w/{tenant_a.org.slug}/{tenant_a.workspace.slug}/")
    assert {d.pk for d in page.context["page"].object_list} == {shown.pk, handbook.pk}


def test_an_observer_sees_a_production_s_files_but_not_the_workspace_s_own(tenant_a):
    passenger = tenant_a.user(R.PASSENGER)  # reads productions, holds no files permission
    rider = make_document(tenant_a, attach_to=make_production(tenant_a))
    make_document(tenant_a, title="Crew handbook")
    assert list(Document.objects.visible_to(passenger)) == [rider]


def test_contracts_stay_with_organization_admins(tenant_a):
    phantom = tenant_a.user(R.PHANTOM)
    contract = services.create_document(
        tenant_a.workspace, actor=phantom, upload=pdf("contract.pdf"), bucket="contracts", attach_to=None
    )
    assert contract in Document.objects.visible_to(phantom)
    assert contract not in Document.objects.visible_to(tenant_a.user(R.GLADIATOR))
