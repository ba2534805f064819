"""A signed contract's terms feed time entries and invoices: a freelancer under contract logs a day
and it carries the contract's rate (a rate typed in wins; no contract, no rate); the vendor under
contract's draft invoice starts with a line at the agreed rate, on the page and through the API; a
freelancer's approved time is invoiced from their contract (one line per entry at its rate, never twice).
People and finance never import jobs: jobs plugs `terms_on` into their hooks (people.rates,
finance.terms). Another organization's member gets 404, a role that may not act 403."""

import csv
import datetime
import io
import os
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from guardian.shortcuts import assign_perm

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from finance import services as finance
from finance.models import Invoice, InvoiceLine
from jobs import services
from people.models import TimeEntry
from people.services import approve_time_entry, log_hours

from .helpers import make_company, make_contract, make_freelancer, sign, today

pytestmark = pytest.mark.django_db
R = Role
JSON = "application/json"


@pytest.fixture
def fran(tenant_a):
    """A freelancer whose crew record is the Raider's own, with a signed day-rate contract from today."""
    person = make_freelancer(tenant_a, user=tenant_a.user(R.RAIDER), currency="USD")
    contract = make_contract(
        tenant_a,
        person=person,
        rate=Decimal("420"),
        rate_unit="day",
        currency="EUR",
        ends_on=today(tenant_a) + datetime.timedelta(days=30),
    )
    sign(contract, tenant_a)
    return person


def log_page(client, person, **fields):
    return client.post(
        reverse("people:my_hours"),
        {"person": person.pk, "work_date": fields.pop("work_date").isoformat(), "hours": "8", "break_minutes": "0"}
        | fields,
    )


def test_a_day_logged_under_a_signed_contract_carries_its_rate(tenant_a, fran, login):
    client = login(tenant_a.user(R.RAIDER))
    response = log_page(client, fran, work_date=today(tenant_a))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = TimeEntry.objects.get(person=fran)
    assert (entry.rate, entry.rate_unit, entry.currency) == (Decimal("420.00"), "day", "EUR")
    # The freelancer reads it on their hours.
    assert "EUR 420.00 per day" in client.get(reverse("people:my_hours")).content.decode()


def test_a_rate_typed_in_wins_over_the_contract(tenant_a, fran, login):
    client = login(tenant_a.user(R.RAIDER))
    response = log_page(client, fran, work_date=today(tenant_a), rate="55.50", rate_unit="hour")
    assert response.status_code == 302
    entry = TimeEntry.objects.get(person=fran)
    # The unit given, the crew record's currency when none is said.
    assert (entry.rate, entry.rate_unit, entry.currency) == (Decimal("55.50"), "hour", "USD")


def test_a_day_outside_the_contract_or_without_one_carries_no_rate(tenant_a, fran):
    raider = tenant_a.user(R.RAIDER)
    before = log_hours(fran, actor=raider, work_date=today(tenant_a) - datetime.timedelta(days=3), hours=8)
    assert (before.rate, before.rate_unit, before.currency) == (None, "", "")
    nobody = make_freelancer(tenant_a, first_name="Noa", last_name="Contract")
    entry = log_hours(nobody, actor=tenant_a.user(R.NAVIGATOR), work_date=today(tenant_a), hours=8)
    assert (entry.rate, entry.rate_unit, entry.currency) == (None, "", "")


def test_a_draft_or_terminated_contract_sets_no_rate(tenant_a):
    person = make_freelancer(tenant_a, first_name="Dra", last_name="Ft")
    make_contract(tenant_a, person=person, rate=Decimal("999"))  # never signed
    entry = log_hours(person, actor=tenant_a.user(R.NAVIGATOR), work_date=today(tenant_a), hours=4)
    assert entry.rate is None


def test_bad_rates_are_refused_and_change_nothing(tenant_a, fran, login):
    client = login(tenant_a.user(R.RAIDER))
    negative = log_page(client, fran, work_date=today(tenant_a), rate="-1")
    assert negative.status_code == 400
    api = client.post(
        "/api/people/time-entries/",
        {"person": fran.pk, "work_date": today(tenant_a).isoformat(), "hours": "8", "rate": "10", "currency": "E1"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "three-letter" in api.json()["detail"]
    assert not TimeEntry.objects.exists()


def test_the_api_gives_the_same_rate_and_shows_it_only_with_personal_data(tenant_a, tenant_b, fran, login):
    client = login(tenant_a.user(R.RAIDER))
    created = client.post(
        "/api/people/time-entries/",
        {"person": fran.pk, "work_date": today(tenant_a).isoformat(), "hours": "8"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["rate"], body["rate_unit"], body["currency"]) == ("420.00", "day", "EUR")
    pk = body["id"]
    explicit = client.patch(f"/api/people/time-entries/{pk}/", {"rate": "380"}, content_type="application/json")
    assert explicit.status_code == 200
    assert (explicit.json()["rate"], explicit.json()["currency"]) == ("380.00", "EUR")  # the entry's currency
    # The rate is personal data: the entry's history (read by all who see the entry) does not carry it.
    edited = ActivityEntry.objects.for_object(TimeEntry.objects.get(pk=pk)).get(verb="time.edited")
    assert "380" not in str(edited.data) and "rate" not in str(edited.data)
    listed = login(tenant_a.user(R.GLADIATOR)).get("/api/people/time-entries/").json()["results"]
    assert [(row["id"], row["rate"]) for row in listed] == [(pk, "380.00")]

    # A Passenger reads the workspace's hours but not personal data: no rate, and may not log time.
    passenger = login(tenant_a.user(R.PASSENGER))
    seen = passenger.get(f"/api/people/time-entries/{pk}/")
    assert seen.status_code == 200 and "rate" not in seen.json() and "currency" not in seen.json()
    assert all("rate" not in row for row in passenger.get("/api/people/time-entries/").json()["results"])
    refused = passenger.post(
        "/api/people/time-entries/",
        {"person": fran.pk, "work_date": today(tenant_a).isoformat(), "hours": "8"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert log_page(passenger, fran, work_date=today(tenant_a)).status_code in (302, 403)
    assert TimeEntry.objects.count() == 1

    # Another organization's member finds neither the entry nor the contract.
    other = login(tenant_b.user(R.PHANTOM))
    assert other.get(f"/api/people/time-entries/{pk}/").status_code == 404
    assert other.get(f"/jobs/contract/{fran.contracts.get().pk}/").status_code == 404


# --- invoices ---------------------------------------------------------------------------------


@pytest.fixture
def stage_works(tenant_a):
    """A vendor company under a signed contract in the organization's currency."""
    company = make_company(tenant_a)
    contract = make_contract(
        tenant_a, title="Stage building", company=company, rate=Decimal("1500"), currency=tenant_a.org.currency
    )
    sign(contract, tenant_a)
    return company


def new_invoice_url(tenant):
    return reverse("finance:new_invoice", args=[tenant.org.slug, tenant.workspace.slug])


def test_the_invoice_page_offers_the_contract_terms_and_saves_them(tenant_a, stage_works, login):
    client = login(tenant_a.user(R.GLADIATOR))
    # The contract's page leads to the invoice that starts at its rate.
    contract_page = client.get(f"/jobs/contract/{stage_works.contracts.get().pk}/").content.decode()
    link = f"{new_invoice_url(tenant_a)}?company={stage_works.pk}"
    assert f'href="{link}"' in contract_page
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stage building (contract, per day)" in html and 'value="1500.00"' in html
    # Saved without lines, the draft starts with the contract's line.
    saved = client.post(
        new_invoice_url(tenant_a),
        {
            "direction": "payable",
            "company": stage_works.pk,
            "number": "SW-1",
            "issue_date": today(tenant_a).isoformat(),
            "currency": tenant_a.org.currency,
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    invoice = Invoice.objects.get()
    line = invoice.lines.get()
    assert (line.description, line.quantity, line.unit_price) == ("Stage building (contract, per day)", 1, 1500)
    assert invoice.total == Decimal("1500.00")


def test_the_api_drafts_the_same_invoice_and_lines_given_win(tenant_a, tenant_b, stage_works, login):
    client = login(tenant_a.user(R.GLADIATOR))
    created = client.post(
        "/api/invoices/",
        {"workspace": tenant_a.workspace.pk, "company": stage_works.pk, "number": "SW-2"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert [(li["description"], li["unit_price"]) for li in created.json()["lines"]] == [
        ("Stage building (contract, per day)", "1500.00")
    ]
    given = client.post(
        "/api/invoices/",
        {
            "workspace": tenant_a.workspace.pk,
            "company": stage_works.pk,
            "number": "SW-3",
            "lines": [{"description": "Extra truck", "quantity": "1", "unit_price": "200"}],
        },
        content_type="application/json",
    )
    assert given.status_code == 201 and [li["description"] for li in given.json()["lines"]] == ["Extra truck"]
    # A vendor without a contract, or a client's invoice: no line is made up.
    plain = make_company(tenant_a, name="No Deal Ltd")
    bare = client.post(
        "/api/invoices/",
        {"workspace": tenant_a.workspace.pk, "company": plain.pk, "number": "ND-1"},
        content_type="application/json",
    )
    assert bare.status_code == 201 and bare.json()["lines"] == []
    receivable = client.post(
        "/api/invoices/",
        {"workspace": tenant_a.workspace.pk, "company": stage_works.pk, "direction": "receivable", "number": "R-1"},
        content_type="application/json",
    )
    assert receivable.status_code == 201 and receivable.json()["lines"] == [], receivable.json()

    # A role without finance may not draft one; another organization's member finds none of it.
    deviator = login(tenant_a.user(R.DEVIATOR))
    assert deviator.get(new_invoice_url(tenant_a) + f"?company={stage_works.pk}").status_code == 403
    refused = deviator.post(
        "/api/invoices/",
        {"workspace": tenant_a.workspace.pk, "company": stage_works.pk, "number": "SW-9"},
        content_type="application/json",
    )
    assert refused.status_code == 400  # finance is hidden from a Deviator: not even the vendor is theirs to name
    other = login(tenant_b.user(R.PHANTOM))
    assert other.get(f"/api/invoices/{created.json()['id']}/").status_code == 404
    assert other.get(new_invoice_url(tenant_a)).status_code == 404
    assert Invoice.objects.count() == 4


# --- a freelancer's invoice from their approved time --------------------------------------------


@pytest.fixture
def kai(tenant_a):
    """A freelancer under a day-rate contract signed ten days ago, in the organization's currency."""
    person = make_freelancer(tenant_a, first_name="Kai", last_name="Freelance")
    contract = make_contract(
        tenant_a,
        person=person,
        rate=Decimal("420"),
        rate_unit="day",
        currency=tenant_a.org.currency,
        starts_on=ago(tenant_a, 10),
    )
    sign(contract, tenant_a)
    return person


def ago(tenant, days):
    return today(tenant) - datetime.timedelta(days=days)


def approved_day(tenant, person, day, hours=8):
    """A day the freelancer logged and a Navigator approved."""
    entry = log_hours(person, actor=tenant.user(R.NAVIGATOR), work_date=day, hours=hours)
    return approve_time_entry(entry, actor=tenant.user(R.NAVIGATOR))


def invoice_time_url(contract):
    return reverse("jobs:invoice_time", args=[contract.pk])


def test_approved_time_is_invoiced_once_at_the_contract_rate(tenant_a, kai, login):
    contract = kai.contracts.get()
    first, second = approved_day(tenant_a, kai, ago(tenant_a, 3)), approved_day(tenant_a, kai, ago(tenant_a, 2))
    pending = log_hours(kai, actor=tenant_a.user(R.NAVIGATOR), work_date=ago(tenant_a, 1), hours=8)
    approved_day(tenant_a, kai, ago(tenant_a, 15))  # before the contract: no rate, not billed

    client = login(tenant_a.user(R.GLADIATOR))
    page = client.get(f"/jobs/contract/{contract.pk}/").content.decode()
    assert 'data-testid="contract-invoice-time"' in page and 'name="exchange_rate"' not in page
    response = client.post(invoice_time_url(contract))
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response.url == reverse("finance:invoice", args=[invoice.pk])
    assert (invoice.payee, invoice.company, invoice.direction, invoice.status) == (kai, None, "payable", "draft")
    assert invoice.total == Decimal("840.00")  # two days at 420 per day
    lines = list(invoice.lines.order_by("position"))
    assert [(li.time_entry_id, li.quantity, li.unit_price) for li in lines] == [
        (first.pk, 1, Decimal("420.00")),
        (second.pk, 1, Decimal("420.00")),
    ]
    assert lines[0].description.startswith(f"Time on {ago(tenant_a, 3).isoformat()} (8.00 h)")
    # The invoice's page and the list name the freelancer.
    detail = client.get(response.url).content.decode()
    assert "Kai Freelance" in detail and reverse("people:person_detail", args=[kai.pk]) in detail
    listing = client.get(reverse("finance:invoices", args=[tenant_a.org.slug, tenant_a.workspace.slug]))
    assert "Kai Freelance" in listing.content.decode()
    assert ActivityEntry.objects.for_object(contract).filter(verb="contract.time_invoiced").count() == 1

    # A second run finds nothing left: refused with its reason, no second invoice, nothing billed twice.
    again = client.post(invoice_time_url(contract), follow=True)
    assert "no approved time left to invoice" in again.content.decode()
    api = client.post(f"/api/contracts/{contract.pk}/invoice-time/", {}, content_type=JSON)
    assert api.status_code == 400 and "no approved time left" in api.json()["detail"]
    assert Invoice.objects.count() == 1
    # The database itself refuses a second line for an entry already billed.
    with pytest.raises(IntegrityError), transaction.atomic():
        InvoiceLine.objects.create(invoice=invoice, description="again", unit_price=1, time_entry=first)

    # Time approved later goes on the next invoice, through the API this time.
    approve_time_entry(pending, actor=tenant_a.user(R.NAVIGATOR))
    created = client.post(f"/api/contracts/{contract.pk}/invoice-time/", {}, content_type=JSON)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["payee"], body["company"], body["payee_name"], body["total"]) == (
        kai.pk,
        None,
        "Kai Freelance",
        "420.00",
    )
    assert [li["time_entry"] for li in body["lines"]] == [pending.pk]


def test_a_contract_in_another_currency_needs_the_exchange_rate(tenant_a, fran, login):
    """Fran's contract is in EUR, the organization's books in another currency."""
    assert tenant_a.org.currency != "EUR"
    contract = fran.contracts.get()
    approved_day(tenant_a, fran, today(tenant_a))
    client = login(tenant_a.user(R.GLADIATOR))
    assert 'name="exchange_rate"' in client.get(f"/jobs/contract/{contract.pk}/").content.decode()
    url = f"/api/contracts/{contract.pk}/invoice-time/"
    missing = client.post(url, {}, content_type=JSON)
    assert missing.status_code == 400 and "exchange rate" in missing.json()["detail"]
    created = client.post(url, {"exchange_rate": "1.1"}, content_type=JSON)
    assert created.status_code == 201, created.json()
    assert (created.json()["currency"], created.json()["exchange_rate"], created.json()["total"]) == (
        "EUR",
        "1.100000",
        "420.00",
    )


def test_an_hourly_contract_bills_the_hours_and_a_void_invoice_frees_them(tenant_a, login):
    person = make_freelancer(tenant_a, first_name="Hou", last_name="Rly")
    contract = make_contract(
        tenant_a,
        person=person,
        rate=Decimal("50"),
        rate_unit="hour",
        currency=tenant_a.org.currency,
        starts_on=ago(tenant_a, 5),
    )
    contract = sign(contract, tenant_a)
    entry = approved_day(tenant_a, person, ago(tenant_a, 1), hours=Decimal("6.5"))
    gladiator = tenant_a.user(R.GLADIATOR)
    invoice = services.invoice_contract_time(contract, actor=gladiator)
    assert [(li.quantity, li.unit_price) for li in invoice.lines.all()] == [(Decimal("6.50"), Decimal("50.00"))]
    assert invoice.total == Decimal("325.00")
    # Editing the draft keeps the line's entry while its description stays; voiding frees it.
    line = invoice.lines.get()
    finance.update_invoice(
        invoice,
        actor=gladiator,
        lines=[{"description": line.description, "quantity": "6.5", "unit_price": "50", "tax_rate": "19"}],
    )
    assert invoice.lines.get().time_entry_id == entry.pk
    finance.void_invoice(invoice, actor=gladiator, note="Wrong month")
    again = services.invoice_contract_time(contract, actor=gladiator)
    assert again.lines.get().time_entry_id == entry.pk and again.number != invoice.number


def test_who_may_invoice_a_freelancers_time(tenant_a, tenant_b, kai, stage_works, login):
    contract = kai.contracts.get()
    approved_day(tenant_a, kai, ago(tenant_a, 1))
    api = f"/api/contracts/{contract.pk}/invoice-time/"
    # A Navigator shown this one contract reads it, but records no invoices: no button, and 403 (JSON).
    navigator = tenant_a.user(R.NAVIGATOR)
    assign_perm("jobs.view_contract", navigator, contract)
    client = login(navigator)
    page = client.get(f"/jobs/contract/{contract.pk}/")
    assert page.status_code == 200 and 'data-testid="contract-invoice-time"' not in page.content.decode()
    assert client.post(invoice_time_url(contract)).status_code == 403
    refused = client.post(api, {}, content_type=JSON)
    assert refused.status_code == 403 and "detail" in refused.json()
    # A Raider (the crew) does not even find the contract.
    assert login(tenant_a.user(R.RAIDER)).post(invoice_time_url(contract)).status_code == 404
    # Another organization's member finds neither the contract nor, later, the invoice.
    client = login(tenant_b.user(R.PHANTOM))
    assert client.post(invoice_time_url(contract)).status_code == 404
    gone = client.post(api, {}, content_type=JSON)
    assert gone.status_code == 404 and "detail" in gone.json()
    assert not Invoice.objects.exists()
    invoice = services.invoice_contract_time(contract, actor=tenant_a.user(R.GLADIATOR))
    assert client.get(f"/api/invoices/{invoice.pk}/").status_code == 404
    assert client.get(reverse("finance:invoice", args=[invoice.pk])).status_code == 404
    # A company's contract is not invoiced this way.
    client = login(tenant_a.user(R.GLADIATOR))
    company_contract = stage_works.contracts.get()
    assert client.post(f"/api/contracts/{company_contract.pk}/invoice-time/", {}, content_type=JSON).status_code == 400
    assert Invoice.objects.count() == 1


def test_an_invoice_is_from_a_company_or_a_freelancer_never_both(tenant_a, kai, stage_works, login):
    client = login(tenant_a.user(R.GLADIATOR))
    body = {"workspace": tenant_a.workspace.pk, "number": "F-1"}
    both = client.post("/api/invoices/", {**body, "company": stage_works.pk, "payee": kai.pk}, content_type=JSON)
    assert both.status_code == 400 and "not both" in both.json()["detail"]
    neither = client.post("/api/invoices/", body, content_type=JSON)
    assert neither.status_code == 400 and "company or a freelancer" in neither.json()["detail"]
    receivable = client.post("/api/invoices/", {**body, "payee": kai.pk, "direction": "receivable"}, content_type=JSON)
    assert receivable.status_code == 400
    made = client.post(
        "/api/invoices/",
        {**body, "payee": kai.pk, "lines": [{"description": "Day", "unit_price": "420"}]},
        content_type=JSON,
    )
    assert made.status_code == 201 and made.json()["payee_name"] == "Kai Freelance"
    # The form says the same.
    form = client.post(
        new_invoice_url(tenant_a),
        {
            "direction": "payable",
            "company": stage_works.pk,
            "payee": kai.pk,
            "number": "F-2",
            "issue_date": today(tenant_a).isoformat(),
            "currency": tenant_a.org.currency,
            "lines-TOTAL_FORMS": "0",
            "lines-INITIAL_FORMS": "0",
        },
    )
    assert form.status_code == 400 and "not both" in form.content.decode()
    # And the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            workspace=tenant_a.workspace,
            number="X",
            issue_date=today(tenant_a),
            due_date=today(tenant_a),
            currency="EUR",
        )
    assert Invoice.objects.count() == 1


def test_a_freelancers_bill_is_pushed_under_their_name(tenant_a, kai, login):
    contract = kai.contracts.get()
    approved_day(tenant_a, kai, ago(tenant_a, 1))
    gladiator = tenant_a.user(R.GLADIATOR)
    invoice = finance.send_invoice(services.invoice_contract_time(contract, actor=gladiator), actor=gladiator)
    client = login(gladiator)
    start, end = ago(tenant_a, 2), today(tenant_a) + datetime.timedelta(days=2)
    query = {"format": "xero", "document": "bills", "start": start.isoformat(), "end": end.isoformat()}
    response = client.get(reverse("integrations:accounting_export"), query)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["*ContactName"], r["*InvoiceNumber"], r["*UnitAmount"]) for r in rows] == [
        ("Kai Freelance", invoice.number, "420.00")
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_freelancers_invoice_page_on_a_phone_and_a_desktop(live_server, artifacts_dir):
    from dragonfly.testing.browser import DESKTOP, PHONE, chromium, logged_in_page, no_horizontal_scroll, screenshot
    from dragonfly.testing.factories import PASSWORD, Tenant

    tenant = Tenant("Northstar")
    person = make_freelancer(tenant, first_name="Kai", last_name="Freelance")
    contract = make_contract(
        tenant, person=person, rate=Decimal("420"), currency=tenant.org.currency, starts_on=ago(tenant, 10)
    )
    sign(contract, tenant)
    for days in (3, 2):
        approved_day(tenant, person, ago(tenant, days))
    invoice = services.invoice_contract_time(contract, actor=tenant.user(R.GLADIATOR))
    with chromium() as browser:
        for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page = logged_in_page(browser, live_server.url, tenant.user(R.GLADIATOR), PASSWORD, viewport=viewport)
            page.goto(f"{live_server.url}/jobs/contract/{contract.pk}/")
            assert no_horizontal_scroll(page)
            screenshot(page, os.path.join(artifacts_dir, f"jobs-freelancer-contract-{name}.png"))
            page.goto(f"{live_server.url}{reverse('finance:invoice', args=[invoice.pk])}")
            assert "Kai Freelance" in page.inner_text("body") and no_horizontal_scroll(page)
            screenshot(page, os.path.join(artifacts_dir, f"finance-freelancer-invoice-{name}.png"))
