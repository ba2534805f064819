"""The search-as-you-type pickers (dragonfly/core/picker.py) that replaced the selects of every
person or asset of a workspace: a team's lead, the time entries' person filter, a kit's assets.

A production office with thousands of crew records opens these pages without the browser
receiving thousands of options; the picker's matches are only what the page itself would offer;
typing a name without JavaScript still saves, and a name that matches nothing or several people
says so and changes nothing."""

import pytest
from django.urls import reverse

from assets.models import Kit
from assets.tests.helpers import make_asset, make_kit
from dragonfly.tenancy.roles import Role
from dragonfly.testing.queries import assert_constant_queries
from people.models import Team
from people.tests.helpers import make_entry, make_person

pytestmark = pytest.mark.django_db


def ws_url(name, ws):
    return reverse(name, args=[ws.organization.slug, ws.slug])


def test_person_picker_finds_the_workspaces_crew_and_nothing_of_another_org(tenant_a, tenant_b, login):
    ws = tenant_a.workspace
    make_person(ws, "Dana", "Rigger")
    make_person(ws, "Dan", "Gone", active=False)  # a former crew member is no longer a lead
    make_person(tenant_b.workspace, "Danny", "Bravo")
    client = login(tenant_a.user(Role.GLADIATOR))

    html = client.get(ws_url("people:person_picker", ws), {"q": "dan"}).content.decode()
    assert "Dana Rigger" in html and "Dan Gone" not in html and "Danny" not in html
    assert "data-pick" not in client.get(ws_url("people:person_picker", ws), {"q": "d"}).content.decode()

    outsider = login(tenant_b.user(Role.PHANTOM))
    assert outsider.get(ws_url("people:person_picker", ws), {"q": "dan"}).status_code == 404
    assert "Dana" not in outsider.get(ws_url("people:person_picker", tenant_b.workspace), {"q": "dan"}).content.decode()


def test_asset_picker_offers_in_service_assets_by_tag_and_nothing_to_another_org(tenant_a, tenant_b, login):
    ws = tenant_a.workspace
    make_asset(ws, "LX-0001", "Spot")
    make_asset(ws, "LX-0002", "Broken spot", status="retired")
    make_asset(tenant_b.workspace, "LX-0009", "Their spot")
    client = login(tenant_a.user(Role.GLADIATOR))

    html = client.get(ws_url("assets:asset_picker", ws), {"assets_text": "LX-0000, spot"}).content.decode()
    assert 'data-value="LX-0001"' in html and "LX-0002" not in html and "LX-0009" not in html
    outsider = login(tenant_b.user(Role.PHANTOM))
    assert outsider.get(ws_url("assets:asset_picker", ws), {"q": "spot"}).status_code == 404


def test_team_saves_with_a_picked_or_a_typed_lead_and_refuses_an_unknown_one(tenant_a, login):
    ws = tenant_a.workspace
    dana = make_person(ws, "Dana", "Rigger")
    make_person(ws, "Sam", "Ortiz")
    make_person(ws, "Sam", "Oduya")
    client = login(tenant_a.user(Role.GLADIATOR))
    url = ws_url("people:teams", ws)

    client.post(url, {"name": "Riggers", "lead": dana.pk, "lead_text": "Dana Rigger"})  # picked in the browser
    assert Team.objects.get(name="Riggers").lead == dana
    client.post(url, {"name": "Audio", "lead": "", "lead_text": "dana"})  # typed, no JavaScript
    assert Team.objects.get(name="Audio").lead == dana

    for typed, says in (("Nobody Here", "Nothing here matches"), ("Sam", "Several match")):
        response = client.post(url, {"name": "Lights", "lead": "", "lead_text": typed})
        assert response.status_code == 400 and says in response.content.decode()  # the form again, with why
        assert not Team.objects.filter(name="Lights").exists()


def test_kit_saves_the_typed_tags_and_refuses_an_unknown_tag(tenant_a, tenant_b, login):
    ws = tenant_a.workspace
    one, two = make_asset(ws, "LX-0001", "Spot"), make_asset(ws, "LX-0002", "Wash")
    make_asset(tenant_b.workspace, "LX-0009", "Their spot")
    client = login(tenant_a.user(Role.GLADIATOR))

    client.post(ws_url("assets:kits", ws), {"name": "Rig", "assets_text": "lx-0001, LX-0002, "})
    assert set(Kit.objects.get(name="Rig").assets.all()) == {one, two}

    response = client.post(ws_url("assets:kits", ws), {"name": "Other", "assets_text": "LX-0001, LX-0009"})
    assert "Nothing here matches LX-0009" in response.content.decode()
    assert not Kit.objects.filter(name="Other").exists()

    kit = make_kit(ws, "Pair", assets=[one])
    page = client.get(reverse("assets:kit_detail", args=[kit.pk])).content.decode()
    assert 'value="LX-0001"' in page  # the edit form names the kit's assets by tag


def test_time_entries_filter_by_a_picked_or_typed_person(tenant_a, login):
    ws = tenant_a.workspace
    dana, sam = make_person(ws, "Dana", "Rigger"), make_person(ws, "Sam", "Ortiz")
    make_entry(dana, "2027-06-01", "8")
    make_entry(sam, "2027-06-01", "6")
    client = login(tenant_a.user(Role.GLADIATOR))
    url = ws_url("people:time_entries", ws)

    for query in ({"person": dana.pk}, {"person": dana.pk, "person_text": "Dana Rigger"}, {"person_text": "dana"}):
        page = client.get(url, {"status": "", **query}).context["page"]
        assert [e.person for e in page.object_list] == [dana], query
    response = client.get(url, {"status": "", "person_text": "zz"})
    assert "Nothing here matches" in response.content.decode() and not response.context["page"].object_list


@pytest.mark.parametrize("page", ["people:teams", "people:time_entries", "assets:kits"])
def test_the_page_costs_the_same_and_lists_no_one_at_ten_or_sixty_people(tenant_a, login, page):
    ws = tenant_a.workspace
    client = login(tenant_a.user(Role.GLADIATOR))
    url = ws_url(page, ws)

    def grow(n):
        for i in range(n):
            make_person(ws, f"Crew{n}x{i}", "Member")
            make_asset(ws, f"TAG-{n}-{i}", "Spot")

    grow(10)
    client.get(url)  # warm the session and the content-type cache
    assert_constant_queries(client, url, grow=lambda: grow(50))
    html = client.get(url).content.decode()
    assert "Crew10x1" not in html and "TAG-10-1" not in html  # no option per person or asset
