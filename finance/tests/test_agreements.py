"""Framework agreements: a purchase order citing one takes its rates, an expired one cannot be cited
(on the page and in the API), and who manages it hears once as its end nears."""

import datetime

import pytest
from django.urls import reverse

from dragonfly.notifications.models import Notification
from dragonfly.tenancy.roles import Role
from finance import services
from finance.errors import FinanceInvalid
from finance.models import Agreement, PurchaseOrder
from finance.notifications import remind_expiring_agreements

from .bids_helpers import agreement, link, make_vendor
from .helpers import TODAY, D

pytestmark = pytest.mark.django_db
RATED = [{"description": "Stagehand day", "unit": "day", "unit_price": "180"}]


def test_an_order_citing_an_agreement_takes_its_rates(tenant_a, login):
    crew = make_vendor(tenant_a, name="Crew Co")
    deal = agreement(tenant_a, crew)
    po = services.create_purchase_order(
        actor=tenant_a.user(Role.GLADIATOR),
        workspace=tenant_a.workspace,
        agreement=deal,
        lines=[
            {"description": "stagehand DAY", "quantity": 10, "unit_price": "250"},  # the agreed rate wins
            {"description": "Van", "quantity": 1, "unit_price": "90"},  # not in the agreement: as typed
        ],
    )
    assert po.vendor == crew and po.agreement == deal
    assert [(ln.unit_price, ln.amount) for ln in po.lines.all()] == [(D(180), D(1800)), (D(90), D(90))]
    services.update_purchase_order(
        po, actor=tenant_a.user(Role.GLADIATOR), lines=[{"description": "Stagehand day", "quantity": 2}]
    )
    assert po.lines.get().amount == D(360)
    page = login(tenant_a.user(Role.GLADIATOR)).get(reverse("finance:purchase_order", args=[po.pk]))
    assert reverse("finance:agreement", args=[deal.pk]) in page.content.decode()


def test_an_expired_agreement_cannot_be_cited(tenant_a, login):
    crew = make_vendor(tenant_a, name="Crew Co")
    old = agreement(
        tenant_a, crew, valid_from=TODAY - datetime.timedelta(days=400), valid_to=TODAY - datetime.timedelta(days=1)
    )
    with pytest.raises(FinanceInvalid, match="expired on"):
        services.create_purchase_order(
            actor=tenant_a.user(Role.GLADIATOR), workspace=tenant_a.workspace, agreement=old, lines=RATED
        )
    client = login(tenant_a.user(Role.GLADIATOR))
    answer = client.post(
        "/api/purchase-orders/",
        {"workspace": tenant_a.workspace.pk, "agreement": old.pk, "lines": [{"description": "x", "quantity": "1"}]},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "expired on" in answer.json()["detail"]
    page = client.post(
        reverse("finance:new_purchase_order", args=[tenant_a.org.slug, tenant_a.workspace.slug]),
        {
            "agreement": old.pk,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-description": "Stagehand day",
            "lines-0-quantity": "1",
            "lines-0-unit_price": "1",
        },
    )
    assert page.status_code == 400 and "expired on" in page.content.decode()
    assert not PurchaseOrder.objects.exists()


def test_the_renewal_reminder_is_sent_once_per_end_date(tenant_a, django_capture_on_commit_callbacks):
    crew = make_vendor(tenant_a, name="Crew Co")
    soon = agreement(tenant_a, crew, valid_to=TODAY + datetime.timedelta(days=20))
    agreement(tenant_a, make_vendor(tenant_a, name="Later Ltd"), valid_to=TODAY + datetime.timedelta(days=200))
    first = remind_expiring_agreements(TODAY)
    recipients = {n.recipient for n in first}
    assert recipients == {tenant_a.user(Role.PHANTOM), tenant_a.user(Role.AVIATOR), tenant_a.user(Role.GLADIATOR)}
    remind_expiring_agreements(TODAY)  # the task again: nobody hears twice
    assert Notification.objects.filter(kind="agreement.renewal").count() == 3
    Agreement.objects.filter(pk=soon.pk).update(valid_to=TODAY + datetime.timedelta(days=25))  # extended: a new end
    from finance.tasks import remind_expiring_agreements as task

    task.delay()
    task.delay()
    assert Notification.objects.filter(kind="agreement.renewal").count() == 6


def test_agreements_through_the_api_and_a_merchant_sees_only_their_own(tenant_a, tenant_b, login):
    crew, other = make_vendor(tenant_a, name="Crew Co"), make_vendor(tenant_a, name="Other Co")
    client = login(tenant_a.user(Role.GLADIATOR))
    created = client.post(
        "/api/agreements/",
        {
            "workspace": tenant_a.workspace.pk,
            "vendor": crew.pk,
            "title": "Crew 2027",
            "valid_from": TODAY.isoformat(),
            "valid_to": (TODAY + datetime.timedelta(days=365)).isoformat(),
            "rates": RATED,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["rates"][0]["unit_price"] == "180.00"
    backwards = client.post(
        "/api/agreements/",
        {
            "workspace": tenant_a.workspace.pk,
            "vendor": crew.pk,
            "title": "x",
            "valid_from": "2027-02-01",
            "valid_to": "2027-01-01",
        },
        content_type="application/json",
    )
    assert backwards.status_code == 400 and Agreement.objects.count() == 1
    agreement(tenant_a, other)
    merchant = link(tenant_a, crew)
    mine = login(merchant).get("/api/agreements/").json()
    assert [a["title"] for a in mine["results"]] == ["Crew 2027"]
    page = login(merchant).get(reverse("finance:agreements", args=[tenant_a.org.slug, tenant_a.workspace.slug]))
    assert page.status_code == 200 and "Crew 2027" in page.content.decode() and "Other Co" not in page.content.decode()
    outsider = login(tenant_b.user(Role.PHANTOM))
    assert outsider.get(f"/api/agreements/{created.json()['id']}/").status_code == 404
    assert outsider.get(reverse("finance:agreement", args=[created.json()["id"]])).status_code == 404
