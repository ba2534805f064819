"""Every list — each HTML list page and each API list — costs the same number of queries for a page of
one row as for a page of 200 (the demo organization's rows, as its org admin): nothing is loaded once
per row. A new list is walked without being named here."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, reverse

from dragonfly.tenancy.models import Workspace
from dragonfly.testing.isolation import project_patterns
from dragonfly.testing.parity import api_list_routes
from dragonfly.testing.queries import PageSize, assert_constant_queries, read

# Lists the demo leaves with fewer than two rows for its org admin (in aurora-tour, for pages): their
# pin proves less, so they are named; the module's own tests pin them with rows of their own.
THIN_API = {
    "/api/assets/maintenance/",
    # the demo org admin's own blocks, connections, follows and reports: a person's few, not a list's many
    "/api/community/blocks/",
    "/api/community/connections/",
    "/api/community/follows/",
    "/api/community/reports/",
    "/api/contacts/",
    "/api/integrations/connections/",  # one connection per organization and kind: a handful at most
    "/api/invitations/",
    "/api/people/unavailability/",
    "/api/production-team/",
    "/api/advancing/rollovers",  # a person's own roll-overs (none in the demo); advancing/tests pin it
    # the demo's one public request (Northstar's own) and Bluewave's bid on it, not Northstar's:
    # jobs/tests/test_public_rfp.py pins both lists with rows of their own
    "/api/public-bids/",
    "/api/public-rfps/",
}
THIN_PAGES = {
    "/advancing/w/northstar/aurora-tour/",
    "/assets/w/northstar/aurora-tour/kits/",
    "/assets/w/northstar/aurora-tour/maintenance/",
    "/assets/w/northstar/aurora-tour/reservations/",
    "/finance/w/northstar/aurora-tour/expenses/",
    "/people/w/northstar/aurora-tour/teams/",
    "/resources/w/northstar/aurora-tour/mine/",  # the org admin takes no course; resources/tests pin it
}


@pytest.fixture
def admin_client(seeded_demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="northstar-phantom"))
    return client


def list_pages(client, workspace):
    """Every workspace page whose context holds a `page` of rows, and the review queue."""
    urls = [reverse("advancing:review_queue")]
    for route, name, _ in project_patterns():
        if not name or route.count("<") != 2 or "<slug:org_slug>" not in route:
            continue
        try:
            url = reverse(name, args=[workspace.organization.slug, workspace.slug])
        except NoReverseMatch:
            continue
        response = client.get(url)
        if response.status_code == 200 and response.context and response.context.get("page") is not None:
            urls.append(url)
    return urls


def walk(client, urls, monkeypatch):
    thin, pinned = set(), {}
    for url in urls:
        size = PageSize(1)
        with size.active(monkeypatch):
            queries, small, big = assert_constant_queries(client, url, grow=lambda s=size: s.set(200))
        pinned[url] = queries
        if big < 2:
            thin.add(url)
    return pinned, thin


def test_every_api_list_costs_the_same_queries_for_1_row_and_200(admin_client, monkeypatch):
    urls = ["/api/advancing/catalog", *api_list_routes()]
    pinned, thin = walk(admin_client, urls, monkeypatch)
    assert len(pinned) == len(urls) > 30
    assert thin == THIN_API, f"lists with fewer than 2 demo rows: {sorted(thin)}"


def test_every_html_list_page_costs_the_same_queries_for_1_row_and_200(admin_client, monkeypatch):
    workspace = Workspace.objects.get(organization__slug="northstar", slug="aurora-tour")
    urls = list_pages(admin_client, workspace)
    pinned, thin = walk(admin_client, urls, monkeypatch)
    assert len(pinned) == len(urls) > 10
    assert thin == THIN_PAGES, f"pages with fewer than 2 demo rows: {sorted(thin)}"


def test_a_list_that_loads_a_row_at_a_time_is_caught(admin_client, monkeypatch):
    """The pin itself: a serializer reading a related row per row makes it fail."""
    from advancing.api.serializers import AdvanceSerializer

    def submitter_name(self, advance):
        return get_user_model().objects.get(pk=advance.submitter_id).username  # one query per row

    monkeypatch.setattr(AdvanceSerializer, "get_submitter_name", submitter_name)
    monkeypatch.setattr("dragonfly.core.viewsets.TenantViewSet.values_lists", False)
    monkeypatch.setattr("dragonfly.testing.nplusone.ALLOWLIST", [{"model": "*", "field": "get()"}])
    size = PageSize(1)
    with size.active(monkeypatch), pytest.raises(AssertionError, match="queries for 1 rows"):
        assert_constant_queries(admin_client, "/api/advancing", grow=lambda: size.set(200))
    assert read(admin_client, "/api/advancing")[1] > 1
