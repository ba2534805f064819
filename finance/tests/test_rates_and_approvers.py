"""Tax rates with three decimals (8.875 %), refused in plain words beyond that; a purchase order
over the two-approver threshold says who may approve it and why the viewer cannot; dates refused
in words that say what to do."""

import datetime
import re

import pytest
from django.urls import reverse

from advancing.tests.helpers import named
from dragonfly.tenancy.roles import Role
from finance import services
from finance.errors import FinanceInvalid

from .helpers import D, make_budget, make_vendor

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 12)


def invoice(tenant, *, tax_rate, **kwargs):
    budget, vendor = make_budget(tenant), make_vendor(tenant)
    return services.create_invoice(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        company=vendor,
        number="NY-1",
        budget_line=budget.lines.get(category="Technical"),
        issue_date=DAY,
        lines=[{"description": "Stage hire", "quantity": 1, "unit_price": "1000.00", "tax_rate": tax_rate}],
        **kwargs,
    )


def test_a_tax_rate_of_8_875_percent_is_kept_and_taxed_to_the_cent(tenant_a):
    saved = invoice(tenant_a, tax_rate="8.875")
    line = saved.lines.get()
    assert line.tax_rate == D("8.875")
    assert (saved.subtotal, saved.tax_amount, saved.total) == (D("1000.00"), D("88.75"), D("1088.75"))


def test_a_fourth_decimal_is_refused_in_plain_words(tenant_a):
    with pytest.raises(FinanceInvalid) as refused:
        invoice(tenant_a, tax_rate="8.8751")
    assert (
        str(refused.value)
        == "Line 1 (Stage hire): the tax rate takes at most 3 decimals, such as 8.875 (you entered 8.8751)."
    )


def test_the_api_takes_three_decimals_and_refuses_four_in_json(tenant_a, client):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    client.force_login(tenant_a.user(Role.GLADIATOR))
    body = {
        "workspace": tenant_a.workspace.pk,
        "company": vendor.pk,
        "number": "NY-2",
        "budget_line": budget.lines.get(category="Technical").pk,
        "issue_date": "2026-03-12",
        "lines": [{"description": "Stage hire", "quantity": "1", "unit_price": "1000.00", "tax_rate": "8.875"}],
    }
    created = client.post("/api/invoices/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["tax_amount"] == "88.75"
    body["lines"][0]["tax_rate"] = "8.8751"
    body["number"] = "NY-3"
    refused = client.post("/api/invoices/", body, content_type="application/json")
    assert refused.status_code == 400
    assert "at most 3 decimals, such as 8.875" in refused.content.decode()


def test_the_due_date_message_says_what_to_do(tenant_a):
    with pytest.raises(FinanceInvalid) as refused:
        invoice(tenant_a, tax_rate="0", due_date=DAY - datetime.timedelta(days=1))
    assert str(refused.value) == "The due date must be on or after the issue date (12 Mar 2026)."


def test_a_manager_who_raised_a_large_order_is_told_who_may_approve_it(tenant_a, login):
    manager = named(tenant_a.user(Role.GLADIATOR), "Morgan", "Lee")
    named(tenant_a.user(Role.AVIATOR), "Ava", "Stone")
    budget, vendor = make_budget(tenant_a, plan={"Technical": "20000"}), make_vendor(tenant_a)
    po = services.create_purchase_order(
        actor=manager,
        workspace=tenant_a.workspace,
        vendor=vendor,
        production=budget.production,
        budget_line=budget.lines.get(category="Technical"),
        lines=[{"description": "Line array", "quantity": 2, "unit_price": "4000"}],
    )
    services.submit_purchase_order(po, actor=manager)
    page = login(manager).get(reverse("finance:purchase_order", args=[po.pk])).content.decode()
    note = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", re.search(r'data-testid="approval-note">(.*?)</p>', page, re.S).group(1))
    )
    assert "Two different approvers are needed" in note
    assert "Ava Stone" in note
    assert "Your role (Gladiator) does not approve purchase orders" in note
    assert 'data-action="approve"' not in page


def test_company_refusals_say_what_to_do(tenant_a):
    with pytest.raises(FinanceInvalid, match=r"^Give a rating from 1 to 5\.$"):
        make_vendor(tenant_a, rating=9)
    with pytest.raises(FinanceInvalid, match=r"^Payment terms must be between 0 and 365 days\.$"):
        make_vendor(tenant_a, "Late Payer", payment_terms_days=400)


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("150", "Line 1 (Stage hire): the tax rate is at most 100 % (you entered 150)."),
        ("-1", "Line 1 (Stage hire): the tax rate cannot be negative."),
        ("1e-30", "Line 1 (Stage hire): the tax rate takes at most 3 decimals, such as 8.875"),
        ("eight", "Line 1 (Stage hire): the tax rate must be a number."),
    ],
)
def test_other_tax_rates_are_refused_with_their_reason(tenant_a, typed, reason):
    with pytest.raises(FinanceInvalid) as refused:
        invoice(tenant_a, tax_rate=typed)
    assert str(refused.value).startswith(reason)
