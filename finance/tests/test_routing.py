"""Vendor routing (issue 22): an ops reviewer approves an advance; its lines to buy or hire land on
draft purchase orders of their preferred vendors at the agreement rate; the procurement reviewer
sees them, moves a line to another vendor and confirms an order into its approval workflow."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse

from advancing import services as advancing
from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from finance import services
from finance.errors import FinanceInvalid
from finance.models import AgreementRate, PreferredVendor, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus
from finance.services import routing
from finance.tasks import route_advance_purchasing
from locations.models import Location

from .helpers import D, catalog, line, make_advance, make_budget, make_production, make_vendor
from .helpers import approve as approve_advance

pytestmark = pytest.mark.django_db
JSON = "application/json"
P = PurchaseOrderStatus


def prefer(tenant, vendor, category, **kwargs):
    return routing.create_preferred_vendor(
        actor=tenant.user(Role.GLADIATOR), workspace=tenant.workspace, vendor=vendor, category=category, **kwargs
    )


def agree(tenant, vendor, rates):
    today = datetime.date.today()
    return services.agreements.create_agreement(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        vendor=vendor,
        title=f"{vendor.name} framework",
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=300),
        rates=rates,
    )


def venue(tenant, name="Olympiahalle", city="Munich", country="Germany"):
    return Location.objects.create(workspace=tenant.workspace, name=name, city=city, country=country)


def approve(tenant, production, lines):
    """Approve, then run what waits for the commit (the routing task) as the outbox would."""
    advance = make_advance(tenant, production, lines)
    approve_advance(advance, actor=tenant.user(Role.GLADIATOR))
    advance.refresh_from_db()
    return advance


def order_of(advance, vendor):
    return PurchaseOrder.objects.get(advance=advance, vendor=vendor)


# --- routing at approval -------------------------------------------------------------------------
def test_approval_routes_lines_to_the_preferred_vendors_draft_at_the_agreement_rate(tenant_a):
    budget = make_budget(tenant_a)
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    crew = make_vendor(tenant_a, "Crew Co", [])
    prefer(tenant_a, sound, "Technical")
    prefer(tenant_a, crew, "Staffing")
    agreement = agree(tenant_a, sound, [{"catalog_item": catalog("Technical"), "unit_price": "900.00"}])
    advance = approve(
        tenant_a,
        budget.production,
        [
            line("Technical", 2, "1250.50", procurement="hire"),
            line("Technical", 1, "300.00"),  # in-house: never ordered
            line("Staffing", 4, "250.00", procurement="hire"),
        ],
    )

    sound_po, crew_po = order_of(advance, sound), order_of(advance, crew)
    assert sound_po.status == crew_po.status == P.DRAFT
    assert sound_po.agreement == agreement
    assert [(li.unit_price, li.amount) for li in sound_po.lines.all()] == [(D("900.00"), D("1800.00"))]
    assert [li.unit_price for li in crew_po.lines.all()] == [D("250.00")]  # no agreement: the estimate
    assert PurchaseOrder.objects.filter(advance=advance).count() == 2

    view = routing.advance_routing(advance, tenant_a.user(Role.GLADIATOR))
    priced = {li.description: li.agreement_priced for po in view.orders for li in po.lines.all()}
    assert sorted(priced.values()) == [False, True]
    assert view.unrouted == []


def test_a_venue_specific_preference_wins_over_region_and_category(tenant_a):
    hall = venue(tenant_a)
    production = make_production(tenant_a, venue=hall)
    everywhere = make_vendor(tenant_a, "Everywhere Sound", [])
    regional = make_vendor(tenant_a, "Bavaria Sound", [])
    in_house = make_vendor(tenant_a, "Hall Sound", [])
    prefer(tenant_a, everywhere, "Technical", priority=1)
    prefer(tenant_a, regional, "Technical", region="munich", priority=1)
    prefer(tenant_a, in_house, "Technical", venue=hall, priority=5)
    advance = approve(tenant_a, production, [line("Technical", 1, "100", procurement="buy")])
    assert list(PurchaseOrder.objects.filter(advance=advance).values_list("vendor__name", flat=True)) == ["Hall Sound"]

    # elsewhere: the region rule does not match, the category rule does
    elsewhere = make_production(tenant_a, "Away show", venue=venue(tenant_a, "Arena", city="Berlin"))
    other = approve(tenant_a, elsewhere, [line("Technical", 1, "100", procurement="buy")])
    assert PurchaseOrder.objects.get(advance=other).vendor == everywhere


def test_ties_between_equally_specific_rules_go_by_priority(tenant_a):
    first, second = make_vendor(tenant_a, "First", []), make_vendor(tenant_a, "Second", [])
    prefer(tenant_a, second, "Technical", priority=2)
    prefer(tenant_a, first, "Technical", priority=1)
    advance = approve(tenant_a, None, [line("Technical", 1, "100", procurement="buy")])
    assert PurchaseOrder.objects.get(advance=advance).vendor == first


def test_a_line_without_a_preferred_vendor_is_unrouted(tenant_a):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    prefer(tenant_a, sound, "Technical")
    advance = approve(
        tenant_a,
        None,
        [line("Technical", 1, "100", procurement="buy"), line("Hospitality", 3, "20", procurement="buy")],
    )
    view = routing.advance_routing(advance, tenant_a.user(Role.GLADIATOR))
    assert [item.name for item in view.unrouted] == [catalog("Hospitality").name]
    assert [po.vendor for po in view.drafts] == [sound]
    # the unrouted line waits on the advance's draft without a vendor, which cannot go for approval
    vendorless = PurchaseOrder.objects.get(advance=advance, vendor=None)
    with pytest.raises(FinanceInvalid):
        services.submit_purchase_order(vendorless, actor=tenant_a.user(Role.GLADIATOR))


def test_the_routing_task_run_twice_drafts_nothing_twice(tenant_a):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    prefer(tenant_a, sound, "Technical")
    advance = approve(tenant_a, None, [line("Technical", 2, "100", procurement="hire")])
    route_advance_purchasing.delay(advance.pk)
    route_advance_purchasing.delay(advance.pk)
    assert PurchaseOrder.objects.filter(advance=advance).count() == 1
    assert PurchaseOrderLine.objects.filter(advance_item__advance=advance).count() == 1


def test_an_approval_commits_when_routing_fails_and_the_draft_appears_when_the_task_runs(tenant_a):
    """A typo in the framework agreement (600 billion a day, not 600) makes an order line no database
    column holds: routing fails after the commit, the approval and its budget commitment stand."""
    budget = make_budget(tenant_a)
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    prefer(tenant_a, sound, "Technical")
    agree(tenant_a, sound, [{"catalog_item": catalog("Technical"), "unit_price": "600000000000.00"}])
    advance = approve(tenant_a, budget.production, [line("Technical", 2, "650.00", procurement="hire")])

    assert advance.status == "approved"
    assert advance.approved_cost == D("1300.00")
    assert not PurchaseOrder.objects.filter(advance=advance).exists()
    [failed] = ActivityEntry.objects.for_object(advance).filter(verb="purchase_order.routing_failed")
    assert failed.note
    assert [item.name for item in routing.advance_routing(advance, tenant_a.user(Role.GLADIATOR)).unrouted] == [
        catalog("Technical").name
    ]

    AgreementRate.objects.filter(agreement__vendor=sound).update(unit_price=D("600.00"))  # the rate corrected
    route_advance_purchasing.delay(advance.pk)
    route_advance_purchasing.delay(advance.pk)
    po = order_of(advance, sound)
    assert po.status == P.DRAFT
    assert [(li.unit_price, li.amount) for li in po.lines.all()] == [(D("600.00"), D("1200.00"))]
    assert PurchaseOrderLine.objects.filter(advance_item__advance=advance).count() == 1


def test_a_vendor_archived_before_the_task_runs_gets_no_order(tenant_a):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    prefer(tenant_a, sound, "Technical")
    advance = make_advance(tenant_a, None, [line("Technical", 1, "100", procurement="buy")])
    with TestCase.captureOnCommitCallbacks() as waiting:
        advancing.approve_advance(advance, actor=tenant_a.user(Role.GLADIATOR))
    services.update_company(sound, actor=tenant_a.user(Role.GLADIATOR), active=False)  # archived mid-way
    for run in waiting:
        run()
    [po] = PurchaseOrder.objects.filter(advance=advance)
    assert po.vendor is None  # unrouted: the reviewer picks a vendor on the routing page


def test_another_organizations_preferred_vendors_are_never_used(tenant_a, tenant_b):
    theirs = make_vendor(tenant_b, "Bravo Sound", [])
    prefer(tenant_b, theirs, "Technical")
    advance = approve(tenant_a, None, [line("Technical", 1, "100", procurement="buy")])
    assert PurchaseOrder.objects.get(advance=advance).vendor is None
    with pytest.raises(FinanceInvalid):
        prefer(tenant_a, theirs, "Technical")  # a rule cannot name another workspace's vendor


# --- the reviewer --------------------------------------------------------------------------------
def test_rerouting_moves_the_line_and_removes_the_empty_draft(tenant_a):
    sound, backup = make_vendor(tenant_a, "Stage Sound Ltd", []), make_vendor(tenant_a, "Backup Sound", [])
    prefer(tenant_a, sound, "Technical")
    agree(tenant_a, backup, [{"description": "Technical", "unit_price": "80.00"}])  # a rate for the category
    advance = approve(tenant_a, None, [line("Technical", 2, "100", procurement="hire")])
    old = order_of(advance, sound)
    item = advance.items.get()

    po = routing.reroute_item(item, vendor=backup, actor=tenant_a.user(Role.GLADIATOR))
    assert po.vendor == backup and po.status == P.DRAFT and po.subtotal == D("160.00")
    assert po.lines.get().advance_item == item
    assert not PurchaseOrder.objects.filter(pk=old.pk).exists()
    assert ActivityEntry.objects.for_object(po).filter(verb="purchase_order.line_rerouted").exists()

    # an unrouted line is routed the same way, onto the vendor's existing draft
    with pytest.raises(FinanceInvalid):
        routing.reroute_item(item, vendor=backup, actor=tenant_a.user(Role.GLADIATOR))


def test_rerouting_an_unrouted_line_empties_the_vendorless_draft(tenant_a):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    advance = approve(tenant_a, None, [line("Hospitality", 2, "30", procurement="buy")])
    item = advance.items.get()
    routing.reroute_item(item, vendor=sound, actor=tenant_a.user(Role.GLADIATOR))
    assert list(PurchaseOrder.objects.filter(advance=advance).values_list("vendor__name", flat=True)) == [
        "Stage Sound Ltd"
    ]
    assert routing.advance_routing(advance, tenant_a.user(Role.GLADIATOR)).unrouted == []


def test_a_line_on_an_order_sent_for_approval_is_not_moved(tenant_a):
    sound, backup = make_vendor(tenant_a, "Stage Sound Ltd", []), make_vendor(tenant_a, "Backup Sound", [])
    prefer(tenant_a, sound, "Technical")
    advance = approve(tenant_a, None, [line("Technical", 1, "100", procurement="buy")])
    services.submit_purchase_order(order_of(advance, sound), actor=tenant_a.user(Role.GLADIATOR))
    from finance.errors import Conflict

    with pytest.raises(Conflict):
        routing.reroute_item(advance.items.get(), vendor=backup, actor=tenant_a.user(Role.GLADIATOR))
    assert order_of(advance, sound).lines.count() == 1


# --- pages ---------------------------------------------------------------------------------------
def routing_url(advance):
    return reverse("finance:advance_routing", args=[advance.pk])


def test_the_reviewer_moves_and_confirms_on_the_routing_page(tenant_a, login):
    sound, backup = make_vendor(tenant_a, "Stage Sound Ltd", []), make_vendor(tenant_a, "Backup Sound", [])
    prefer(tenant_a, sound, "Technical")
    advance = approve(
        tenant_a, None, [line("Technical", 1, "100", procurement="buy"), line("Hospitality", 1, "5", procurement="buy")]
    )
    client = login(tenant_a.user(Role.GLADIATOR))
    page = client.get(routing_url(advance))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Stage Sound Ltd" in body and catalog("Hospitality").name in body and "no agreement rate" in body

    item = advance.items.get(catalog_item__category="Hospitality")
    moved = client.post(reverse("finance:advance_reroute", args=[advance.pk]), {"item": item.pk, "vendor": backup.pk})
    assert moved.status_code == 302
    assert order_of(advance, backup).lines.get().advance_item == item

    po = order_of(advance, sound)
    confirmed = client.post(reverse("finance:advance_routing_confirm", args=[advance.pk]), {"purchase_order": po.pk})
    assert confirmed.status_code == 302
    po.refresh_from_db()
    assert po.status == P.PENDING_APPROVAL  # the order's own workflow goes on

    bad = client.post(reverse("finance:advance_reroute", args=[advance.pk]), {"item": item.pk, "vendor": "x"})
    assert bad.status_code == 400


def test_someone_without_procurement_permission_gets_403(tenant_a, login):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    prefer(tenant_a, sound, "Technical")
    advance = approve(tenant_a, None, [line("Technical", 1, "100", procurement="buy")])
    navigator = login(tenant_a.user(Role.NAVIGATOR))  # reviews advances, holds no finance permission
    assert navigator.get(routing_url(advance)).status_code == 403
    item = advance.items.get()
    other = make_vendor(tenant_a, "Backup", [])
    assert (
        navigator.post(
            reverse("finance:advance_reroute", args=[advance.pk]), {"item": item.pk, "vendor": other.pk}
        ).status_code
        == 403
    )
    assert navigator.get(f"/api/advances/{advance.pk}/routing/").status_code == 403
    assert navigator.get("/api/preferred-vendors/").json()["count"] == 0
    url = reverse("finance:preferred_vendors", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    assert navigator.get(url).status_code == 403
    assert order_of(advance, sound).lines.count() == 1


def test_another_organization_sees_neither_the_routing_nor_the_rules(tenant_a, tenant_b, login):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    rule = prefer(tenant_a, sound, "Technical")
    advance = approve(tenant_a, None, [line("Technical", 1, "100", procurement="buy")])
    theirs = make_vendor(tenant_b, "Bravo Sound", [])
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.get(routing_url(advance)).status_code == 404
    assert client.get(f"/api/advances/{advance.pk}/routing/").status_code == 404
    assert client.get(f"/api/preferred-vendors/{rule.pk}/").status_code == 404
    assert client.get(reverse("finance:edit_preferred_vendor", args=[rule.pk])).status_code == 404
    assert client.get("/api/preferred-vendors/").json()["count"] == 0
    # and a member of A cannot route to B's vendor
    ops = login(tenant_a.user(Role.GLADIATOR))
    refused = ops.post(
        f"/api/advances/{advance.pk}/routing/reroute/",
        {"item": advance.items.get().pk, "vendor": theirs.pk},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert theirs.name not in ops.get(routing_url(advance)).content.decode()


def test_preferred_vendors_are_managed_on_their_page(tenant_a, login):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    hall = venue(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    new = reverse("finance:new_preferred_vendor", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    assert client.get(new).status_code == 200
    saved = client.post(
        new, {"vendor": sound.pk, "category": "Technical", "venue": hall.pk, "priority": 1, "active": "on"}
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    rule = PreferredVendor.objects.get()
    assert (rule.vendor, rule.venue, rule.organization) == (sound, hall, tenant_a.org)
    both = client.post(
        new, {"vendor": sound.pk, "category": "Technical", "venue": hall.pk, "region": "Munich", "priority": 1}
    )
    assert both.status_code == 400 and PreferredVendor.objects.count() == 1
    edit = reverse("finance:edit_preferred_vendor", args=[rule.pk])
    assert client.post(edit, {"vendor": sound.pk, "category": "Staffing", "priority": 3}).status_code == 302
    rule.refresh_from_db()
    assert (rule.category, rule.priority, rule.venue, rule.active) == ("Staffing", 3, None, False)
    assert client.post(reverse("finance:delete_preferred_vendor", args=[rule.pk])).status_code == 302
    assert not PreferredVendor.objects.exists()


def test_preferred_vendors_through_the_api(tenant_a, login):
    sound = make_vendor(tenant_a, "Stage Sound Ltd", [])
    client = login(tenant_a.user(Role.GLADIATOR))
    created = client.post(
        "/api/preferred-vendors/",
        {"workspace": tenant_a.workspace.pk, "vendor": sound.pk, "category": "Technical", "region": "Munich"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    assert created.json()["vendor_name"] == "Stage Sound Ltd" and created.json()["priority"] == 1
    pk = created.json()["id"]
    bad = client.patch(f"/api/preferred-vendors/{pk}/", {"category": "Nonsense"}, content_type=JSON)
    assert bad.status_code == 400
    assert client.patch(f"/api/preferred-vendors/{pk}/", {"priority": 2}, content_type=JSON).json()["priority"] == 2
    assert client.delete(f"/api/preferred-vendors/{pk}/").status_code == 204
    navigator = login(tenant_a.user(Role.NAVIGATOR))
    refused = navigator.post(
        "/api/preferred-vendors/",
        {"workspace": tenant_a.workspace.pk, "vendor": sound.pk, "category": "Technical"},
        content_type=JSON,
    )
    assert refused.status_code in (400, 403) and not PreferredVendor.objects.exists()


def test_routing_through_the_api(tenant_a, login):
    sound, backup = make_vendor(tenant_a, "Stage Sound Ltd", []), make_vendor(tenant_a, "Backup Sound", [])
    prefer(tenant_a, sound, "Technical")
    advance = approve(
        tenant_a, None, [line("Technical", 1, "100", procurement="buy"), line("Hospitality", 1, "5", procurement="buy")]
    )
    client = login(tenant_a.user(Role.GLADIATOR))
    data = client.get(f"/api/advances/{advance.pk}/routing/").json()
    assert [u["category"] for u in data["unrouted"]] == ["Hospitality"]
    assert {o["vendor_name"] for o in data["orders"]} == {"Stage Sound Ltd", None}
    item = data["unrouted"][0]["advance_item"]
    moved = client.post(
        f"/api/advances/{advance.pk}/routing/reroute/", {"item": item, "vendor": backup.pk}, content_type=JSON
    ).json()
    assert moved["unrouted"] == [] and {o["vendor_name"] for o in moved["orders"]} == {
        "Stage Sound Ltd",
        "Backup Sound",
    }
    po = order_of(advance, backup)
    confirmed = client.post(
        f"/api/advances/{advance.pk}/routing/confirm/", {"purchase_order": po.pk}, content_type=JSON
    ).json()
    assert {o["status"] for o in confirmed["orders"] if o["id"] == po.pk} == {"pending_approval"}


# --- query pins ----------------------------------------------------------------------------------
def _many_routed(tenant, n):
    vendors = [make_vendor(tenant, f"Vendor {i}", []) for i in range(n)]
    categories = ["Technical", "Staffing", "Hospitality", "Transportation", "Security"][:n]
    for vendor, category in zip(vendors, categories, strict=True):
        prefer(tenant, vendor, category)
        agree(tenant, vendor, [{"description": category, "unit_price": "10"}])
    lines = [line(c, 1, "100", procurement="buy") for c in categories for _ in range(n)]
    return approve(tenant, None, lines + [line("Printing", 1, "5", procurement="buy")])


@pytest.mark.parametrize("n", [2, 5])
def test_the_routing_page_and_api_cost_the_same_queries_at_any_size(tenant_a, login, n, django_assert_max_num_queries):
    advance = _many_routed(tenant_a, n)
    client = login(tenant_a.user(Role.GLADIATOR))
    client.get(routing_url(advance))  # the session's first request reads more
    with django_assert_max_num_queries(16):
        assert client.get(routing_url(advance)).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"/api/advances/{advance.pk}/routing/").status_code == 200


def test_the_preferred_vendor_list_costs_the_same_queries_at_any_size(tenant_a, login, django_assert_max_num_queries):
    hall = venue(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    url = reverse("finance:preferred_vendors", args=[tenant_a.org.slug, tenant_a.workspace.slug])
    client.get(url), client.get("/api/preferred-vendors/")  # the session's first request reads more
    counts = []
    for n in (3, 30):
        for i in range(len(counts) * 3, n):
            vendor = make_vendor(tenant_a, f"Vendor {i}", [])
            prefer(tenant_a, vendor, "Technical", venue=hall if i % 2 else None, priority=1 + i % 3)
        with django_assert_max_num_queries(15) as page:
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(6) as api:
            assert client.get("/api/preferred-vendors/").json()["count"] == n
        counts.append((len(page.captured_queries), len(api.captured_queries)))
    assert counts[0] == counts[1], counts
