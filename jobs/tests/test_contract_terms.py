"""A signed contract's terms feed time entries and invoices: a freelancer under contract logs a day
and it carries the contract's rate (a rate typed in wins; no contract, no rate); the vendor under
contract's draft invoice starts with a line at the agreed rate, on the page and through the API.
People and finance never import jobs: jobs plugs `terms_on` into their hooks (people.rates,
finance.terms). Another organization's member gets 404, a role that may not act 403."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dragonfly.activity.models import ActivityEntry
from dragonfly.tenancy.roles import Role
from finance.models import Invoice
from people.models import TimeEntry
from people.services import log_hours

from .helpers import make_company, make_contract, make_freelancer, sign, today

pytestmark = pytest.mark.django_db
R = Role


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
