"""Suggestions while filling an advance: what the workspace's advances usually pair with the lines
picked so far, and the catalog's own accessories; never an item already picked, never another
organization's history, and history only for those who may see every advance it comes from."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advancing import services
from advancing.models import CatalogItem, ItemPairing
from advancing.suggestions import refresh_pairings
from advancing.tasks import refresh_item_pairings
from dragonfly.tenancy.roles import Role

from .helpers import S, make_advance

pytestmark = pytest.mark.django_db

PA, CONSOLE, FORKLIFT = "TECH-1000", "TECH-1001", "EQUIP-1000"
SPOT, ROAD_CASE = "TECH-1014", "EQUIP-1010"  # the catalog names road cases as a spot fixture's accessory


def item(code):
    return CatalogItem.objects.get(item_id=code)


def catalog_lines(*codes):
    return [
        {
            "catalog_item": item(code),
            "name": item(code).name,
            "quantity": Decimal("1"),
            "unit": "Per Day",
            "unit_cost": Decimal("100"),
        }
        for code in codes
    ]


def shows_with(tenant, *codes, times=2, status=S.SUBMITTED):
    for _ in range(times):
        make_advance(tenant, status, items=catalog_lines(*codes))


def suggestions_page(client, tenant, *codes, removed=()):
    url = reverse("advancing:suggestions", args=[tenant.org.slug, tenant.workspace.slug])
    params = {f"lines-{n}-catalog_item": item(code).pk for n, code in enumerate(codes)}
    params |= {f"lines-{codes.index(code)}-DELETE": "on" for code in removed}
    return client.get(url, params)


def test_an_office_manager_is_offered_what_this_workspace_s_advances_usually_add(tenant_a, login):
    shows_with(tenant_a, PA, CONSOLE)  # two submitted advances: PA with a console
    make_advance(tenant_a, S.DRAFT, items=catalog_lines(PA, FORKLIFT))  # a draft counts for nothing
    make_advance(tenant_a, S.CANCELLED, items=catalog_lines(PA, FORKLIFT))  # nor a cancelled one
    make_advance(tenant_a, S.SUBMITTED, items=catalog_lines(PA, FORKLIFT))  # once is chance
    refresh_item_pairings.delay()

    client = login(tenant_a.user(Role.GLADIATOR))
    page = suggestions_page(client, tenant_a, PA).content.decode()
    assert item(CONSOLE).name in page and "Often requested together" in page
    assert item(FORKLIFT).name not in page
    # One tap adds it: the suggestion is the picker's own button, with the item's data.
    assert f'data-pick data-id="{item(CONSOLE).pk}"' in page

    # Once the console is on the advance it is no longer suggested; ticked for removal, it is again.
    assert item(CONSOLE).name not in suggestions_page(client, tenant_a, PA, CONSOLE).content.decode()
    assert item(CONSOLE).name in suggestions_page(client, tenant_a, PA, CONSOLE, removed=[CONSOLE]).content.decode()


def test_the_catalog_s_accessories_are_suggested_to_everyone_who_fills_an_advance(tenant_a, login):
    refresh_pairings()
    client = login(tenant_a.user(Role.RAIDER))
    page = suggestions_page(client, tenant_a, SPOT).content.decode()
    assert item(ROAD_CASE).name in page and "Catalog accessory" in page
    assert suggestions_page(client, tenant_a).content.decode().strip() == ""  # nothing picked, nothing said


def test_crew_who_see_only_their_own_advances_get_no_history_from_the_others(tenant_a, login):
    shows_with(tenant_a, PA, CONSOLE)  # submitted by a Deviator: a Raider may not open them
    refresh_pairings()
    raider = tenant_a.user(Role.RAIDER)
    assert item(CONSOLE).name not in suggestions_page(login(raider), tenant_a, PA).content.decode()


def test_another_organization_s_history_never_reaches_a_suggestion(tenant_a, tenant_b, login):
    shows_with(tenant_b, PA, FORKLIFT, times=3)
    refresh_pairings()
    assert ItemPairing.objects.filter(workspace=tenant_b.workspace).exists()
    client = login(tenant_a.user(Role.GLADIATOR))
    assert item(FORKLIFT).name not in suggestions_page(client, tenant_a, PA).content.decode()
    # Nor may they ask in the other organization's workspace, on the page or through the API.
    assert suggestions_page(client, tenant_b, PA).status_code == 404
    api = client.get("/api/advancing/suggestions", {"workspace": tenant_b.workspace.pk, "items": item(PA).pk})
    assert api.status_code == 404 and "workspace" in api.json()["detail"]


def test_the_api_answers_the_same_suggestions_with_their_reason(tenant_a, login):
    shows_with(tenant_a, PA, CONSOLE)
    shows_with(tenant_a, SPOT, FORKLIFT)
    refresh_pairings()
    client = login(tenant_a.user(Role.GLADIATOR))
    body = client.get(
        "/api/advancing/suggestions", {"workspace": tenant_a.workspace.pk, "items": f"{item(PA).pk},{item(SPOT).pk}"}
    ).json()
    found = {row["item_id"]: row["source"] for row in body["results"]}
    assert found[CONSOLE] == found[FORKLIFT] == "history"
    assert found[ROAD_CASE] == "catalog"
    assert PA not in found and SPOT not in found
    assert list(found)[-1] == ROAD_CASE  # the workspace's own history ranks first


def test_someone_who_may_not_start_advances_here_is_refused(tenant_a, login):
    client = login(tenant_a.user(Role.VISITOR))
    assert suggestions_page(client, tenant_a, PA).status_code == 403
    api = client.get("/api/advancing/suggestions", {"workspace": tenant_a.workspace.pk, "items": item(PA).pk})
    assert api.status_code == 403 and api.json()["detail"]
    assert client.get("/api/advancing/suggestions", {"workspace": "x"}).status_code == 404


def test_a_suggestion_costs_the_same_queries_however_long_the_history(tenant_a, login, django_assert_num_queries):
    shows_with(tenant_a, PA, CONSOLE)
    refresh_pairings()
    client = login(tenant_a.user(Role.GLADIATOR))
    suggestions_page(client, tenant_a, PA)  # warm the session and access caches
    with CaptureQueriesContext(connection) as small:
        suggestions_page(client, tenant_a, PA)
    shows_with(tenant_a, PA, FORKLIFT, times=4)
    shows_with(tenant_a, PA, SPOT, times=3)
    refresh_pairings()
    with django_assert_num_queries(len(small.captured_queries)):
        page = suggestions_page(client, tenant_a, PA).content.decode()
    assert item(FORKLIFT).name in page and item(SPOT).name in page


def test_the_nightly_refresh_rebuilds_rather_than_piles_up(tenant_a):
    shows_with(tenant_a, PA, CONSOLE)
    first = refresh_pairings()
    assert refresh_pairings() == first == ItemPairing.objects.count()
    history = ItemPairing.objects.filter(workspace=tenant_a.workspace)
    assert {(p.item.item_id, p.companion.item_id, p.advances) for p in history} == {(PA, CONSOLE, 2), (CONSOLE, PA, 2)}
    for advance in tenant_a.workspace.advances.all():
        services.cancel_advance(advance, actor=advance.submitter)
    refresh_pairings()
    assert not history.all().exists()  # the pairs came from advances that no longer count
