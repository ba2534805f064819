"""Bad input on the advancing pages is a 4xx with the reason, never a 500; list pages cost the same
queries at 10, 60 and 1,000 rows."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from advancing import services
from advancing.models import Advance, AdvanceItem, CatalogItem
from advancing.tests.helpers import S, catalog_item, home_url, line_post, new_url, raider_advance, text
from dragonfly.tenancy.roles import Role
from productions.models import Production

pytestmark = pytest.mark.django_db


# --- bad input never a 500 ------------------------------------------------------------------------
def test_bad_line_input_shows_errors_per_line(tenant_a, login):
    client = login(tenant_a.user(Role.RAIDER))
    disabled = catalog_item("ZZT-2000", "Old fog machine", enabled=False)
    response = client.post(
        new_url(tenant_a),
        line_post(
            [
                {"name": "PA", "unit": "Per Day", "quantity": "lots", "unit_cost": "1e999"},
                {
                    "catalog_item": "99999999",
                    "name": "Ghost",
                    "unit": "Per Day",
                    "quantity": "1",
                    "unit_cost": "1",
                },
                {
                    "catalog_item": disabled.pk,
                    "name": "Fog",
                    "unit": "Per Day",
                    "quantity": "1",
                    "unit_cost": "1",
                },
                {"catalog_item": "abc", "name": "", "unit": "", "quantity": "-2", "unit_cost": "-5"},
            ]
        ),
    )
    assert response.status_code == 400
    body = text(response)
    assert "Enter a number." in body
    assert body.count("This catalog item is not available") == 2
    assert "Ensure this value is greater than or equal to 0.01." in body
    assert not Advance.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},  # no management form at all
        {"lines-TOTAL_FORMS": "x", "lines-INITIAL_FORMS": "0"},
        {"lines-TOTAL_FORMS": "100000", "lines-INITIAL_FORMS": "0"},
        {"production": "99999999", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
        {"production": "abc", "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
        {"activation_name": "x" * 500, "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    ],
)
def test_malformed_advance_forms_are_400(tenant_a, login, data):
    client = login(tenant_a.user(Role.RAIDER))
    assert client.post(new_url(tenant_a), data).status_code == 400
    assert not Advance.objects.exists()


def test_a_production_of_another_workspace_is_not_a_choice(tenant_a, tenant_b, login):
    elsewhere = Production.objects.create(workspace=tenant_a.other_workspace, name="Other Workspace Show")
    foreign = Production.objects.create(workspace=tenant_b.workspace, name="Foreign Show")
    client = login(tenant_a.user(Role.GLADIATOR))
    page = text(client.get(new_url(tenant_a)))
    assert "Other Workspace Show" not in page and "Foreign Show" not in page
    for production in (elsewhere, foreign):
        response = client.post(new_url(tenant_a), line_post([], production=production.pk))
        assert response.status_code == 400
        assert "Select a valid choice" in text(response)
    assert not Advance.objects.exists()


def test_bad_review_and_fulfilment_input_is_a_4xx(tenant_a, login):
    advance = raider_advance(tenant_a)
    line = advance.items.first()
    client = login(tenant_a.user(Role.GLADIATOR))
    approve = reverse("advancing:action", args=[advance.pk, "approve"])
    for data in (
        {f"qty_{line.pk}": "abc"},
        {f"qty_{line.pk}": "999"},
        {f"qty_{line.pk}": "-1"},
        {"approved_cost": "NaN"},
        {"approved_cost": "-5"},
    ):
        response = client.post(approve, data)
        assert response.status_code == 400, data
    advance.refresh_from_db()
    assert advance.status == S.SUBMITTED
    assert client.post(reverse("advancing:action", args=[advance.pk, "explode"])).status_code == 404
    assert client.get(approve).status_code == 405
    services.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR))
    fulfil = reverse("advancing:fulfil", args=[advance.pk, line.pk])
    for data in (
        {},
        {f"line-{line.pk}-quantity_fulfilled": "abc"},
        {f"line-{line.pk}-quantity_fulfilled": "-1"},
        {f"line-{line.pk}-quantity_fulfilled": "1", f"line-{line.pk}-actual_cost": "x"},
    ):
        assert client.post(fulfil, data).status_code == 400, data
    other = raider_advance(tenant_a, activation="Other").items.first()
    assert (
        client.post(
            reverse("advancing:fulfil", args=[advance.pk, other.pk]),
            {f"line-{other.pk}-quantity_fulfilled": "1"},
        ).status_code
        == 404
    )
    assert client.post(reverse("advancing:bulk"), {"ids": ["abc", "-1"], "decision": "approve"}).status_code == 302
    assert client.post(reverse("advancing:bulk"), {"decision": "maybe"}).status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=99999",
        "status=nonsense",
        "priority=urgent",
        "workspace=abc",
        "workspace=99999999",
        "submitted_after=yesterday",
        "ordering=drop table",
        "category=Nope",
        "submitter=x",
    ],
)
def test_bad_page_numbers_and_filter_values_never_500(tenant_a, login, query):
    raider_advance(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    for url in (
        reverse("advancing:review_queue"),
        home_url(tenant_a),
        reverse("advancing:catalog"),
        reverse("advancing:queue_export"),
    ):
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 400), (url, query, response.status_code)


# --- query counts do not grow with rows ----------------------------------------------------------
def bulk_advances(tenant, submitter, n, status=S.SUBMITTED):
    now = timezone.now()
    advances = Advance.objects.bulk_create(
        [
            Advance(
                organization=tenant.org,
                workspace=tenant.workspace,
                submitter=submitter,
                status=status,
                submitted_at=now,
                activation_name=f"Bulk {i}",
                estimated_cost=Decimal(500 * i),
            )
            for i in range(n)
        ]
    )
    AdvanceItem.objects.bulk_create(
        [
            AdvanceItem(advance=a, name="Barricade", quantity=Decimal("10"), unit="Per Metre", unit_cost=Decimal("5"))
            for a in advances
        ]
    )


def bulk_catalog(n, start=0):
    CatalogItem.objects.bulk_create(
        [
            CatalogItem(
                item_id=f"ZZQ-{i}",
                category="Other",
                subcategory="Bulk",
                name=f"Bulk item {i}",
                standard_unit="Per Unit",
                common_variations=["a", "b"],
                specifications="spec",
            )
            for i in range(start, start + n)
        ]
    )


# Pinned: a list page costs this many queries whatever the number of rows (session, user,
# memberships, role permissions, grants, the shell's counts, the page's count and rows, and
# on the queue the filter form's workspace/production/submitter choices).
QUERY_BUDGET = {"queue": 16, "mine": 10, "catalog": 11}


@pytest.mark.parametrize("page", ["queue", "mine", "catalog"])
def test_list_pages_cost_the_same_queries_at_10_60_and_1000_rows(tenant_a, client, django_assert_max_num_queries, page):
    raider = tenant_a.user(Role.RAIDER)
    viewer = tenant_a.user(Role.GLADIATOR) if page == "queue" else raider
    url = {
        "queue": reverse("advancing:review_queue"),
        "mine": home_url(tenant_a),
        "catalog": reverse("advancing:catalog"),
    }[page]
    client.force_login(viewer)
    client.get(url)  # the first visit also stores the current workspace in the session
    counts, total = [], 0
    loaded = CatalogItem.objects.enabled().count() if page == "catalog" else 0  # the migration's catalog
    for more in (10, 50, 940):  # 10, 60 and 1,000 rows
        if page == "catalog":
            bulk_catalog(more, start=total)
        else:
            bulk_advances(tenant_a, raider, more)
        total += more
        with django_assert_max_num_queries(QUERY_BUDGET[page]) as captured:
            response = client.get(url)
        assert response.status_code == 200
        shown = len(response.context["page"].object_list)
        assert shown == (min(loaded + total, 30) if page == "catalog" else min(total, 25))
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1] == counts[2], counts
