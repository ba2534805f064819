"""Account mapping and the Xero / QuickBooks CSV exports: the columns each importer reads, only
documents in the books, only what the user may see, never another organization's."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from finance import services as finance
from finance.tests.helpers import make_budget, make_vendor
from integrations.models import AccountMapping

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def read(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def export(client, fmt, doc, start=TODAY - datetime.timedelta(days=30), end=TODAY + datetime.timedelta(days=1)):
    query = {"format": fmt, "document": doc, "start": start.isoformat(), "end": end.isoformat()}
    return client.get(reverse("integrations:accounting_export"), query)


def invoice(tenant, direction, name, *, send=True, budget_line=None, description="Production fee"):
    gladiator = tenant.user(Role.GLADIATOR)
    kind = "client" if direction == "receivable" else "vendor"
    company = finance.create_company(
        actor=gladiator, workspace=tenant.workspace, name=name, kind=kind, email="books@example.com"
    )
    found = finance.create_invoice(
        actor=gladiator,
        workspace=tenant.workspace,
        company=company,
        direction=direction,
        number="" if direction == "receivable" else f"V-{name[:3]}",
        budget_line=budget_line,
        lines=[{"description": description, "quantity": "2", "unit_price": "125.00", "tax_rate": "20"}],
    )
    return finance.send_invoice(found, actor=gladiator) if send else found


def expense(tenant, description, *, approve=True, category="Transportation"):
    found = finance.create_expense(
        actor=tenant.user(Role.NAVIGATOR),
        workspace=tenant.workspace,
        spent_by=tenant.user(Role.NAVIGATOR),
        spent_on=TODAY,
        description=description,
        amount_net="40.00",
        tax="8.00",
        category=category,
        merchant_name="City Cabs",
    )
    return finance.approve_expense(found, actor=tenant.user(Role.GLADIATOR)) if approve else found


def approved_order(tenant):
    budget, vendor = make_budget(tenant), make_vendor(tenant)
    po = finance.create_purchase_order(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        vendor=vendor,
        production=budget.production,
        budget_line=budget.lines.get(category="Technical"),
        expected_on=TODAY,
        lines=[{"description": "PA hire", "quantity": 1, "unit_price": "400.00", "tax_rate": "20"}],
    )
    finance.submit_purchase_order(po, actor=tenant.user(Role.GLADIATOR))
    return finance.approve_purchase_order(po, actor=tenant.user(Role.AVIATOR))


def map_accounts(tenant, **rows):
    for category, (code, tax) in rows.items():
        AccountMapping.objects.create(organization=tenant.org, category=category, account_code=code, tax_type=tax)


def test_xero_sales_invoices_and_bills_in_its_import_columns(tenant_a, tenant_b, login):
    map_accounts(tenant_a, sales=("4000", "OUTPUT2"), Technical=("461", ""))
    budget = make_budget(tenant_a)
    sent = invoice(tenant_a, "receivable", "Festival Ltd")
    invoice(tenant_a, "receivable", "Draft Client", send=False)
    invoice(tenant_a, "payable", "Stage Sound", budget_line=budget.lines.get(category="Technical"))
    invoice(tenant_b, "receivable", "Zebra Secret Client", description="Zebra Secret fee")
    client = login(tenant_a.user(Role.GLADIATOR))

    sales = read(export(client, "xero", "sales_invoices"))
    assert list(sales[0])[:2] == ["*ContactName", "EmailAddress"] and "BrandingTheme" in sales[0]
    assert [
        (r["*ContactName"], r["*InvoiceNumber"], r["*Description"], r["*Quantity"], r["*UnitAmount"]) for r in sales
    ] == [("Festival Ltd", sent.number, "Production fee", "2.00", "125.00")]
    row = sales[0]
    assert (row["*AccountCode"], row["*TaxType"], row["TaxAmount"], row["Currency"]) == (
        "4000",
        "OUTPUT2",
        "50.00",
        sent.currency,
    )
    assert row["*InvoiceDate"] == sent.issue_date.isoformat() and row["*DueDate"] == sent.due_date.isoformat()

    bills = read(export(client, "xero", "bills"))
    assert [(r["*ContactName"], r["*InvoiceNumber"], r["*AccountCode"], r["*TaxType"]) for r in bills] == [
        ("Stage Sound", "V-Sta", "461", "INPUT")  # mapped code; the purchases default's tax type
    ]
    assert "Reference" not in bills[0]
    assert "Zebra" not in str(sales + bills)


def test_quickbooks_expenses_and_orders(tenant_a, tenant_b, login):
    map_accounts(tenant_a, purchases=("Cost of sales", "TAX"), Transportation=("Travel", "NON"))
    expense(tenant_a, "Taxi to the venue")
    expense(tenant_a, "Waiting for approval", approve=False)
    expense(tenant_b, "Zebra Secret taxi")
    po = approved_order(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))

    rows = read(export(client, "quickbooks", "expenses"))
    assert list(rows[0]) == [
        "Bill No",
        "Vendor",
        "Bill Date",
        "Due Date",
        "Terms",
        "Memo",
        "Account",
        "Line Description",
        "Line Amount",
        "Line Tax Code",
        "Line Tax Amount",
        "Currency",
    ]
    assert [(r["Vendor"], r["Line Description"], r["Account"], r["Line Tax Code"], r["Line Amount"]) for r in rows] == [
        ("City Cabs", "Taxi to the venue", "Travel", "NON", "40.00")
    ]
    assert rows[0]["Line Tax Amount"] == "8.00" and rows[0]["Bill No"].startswith("EXP-")

    orders = read(export(client, "quickbooks", "purchase_orders"))
    assert [(r["PO No"], r["Vendor"], r["Account"], r["Line Amount"], r["Line Tax Amount"]) for r in orders] == [
        (po.number, "Stage Sound Ltd", "Cost of sales", "400.00", "80.00")  # Technical unmapped: purchases
    ]
    xero_orders = read(export(client, "xero", "purchase_orders"))
    assert xero_orders[0]["OrderNumber"] == po.number and xero_orders[0]["AccountCode"] == "Cost of sales"
    sales = read(export(client, "quickbooks", "sales_invoices"))
    assert sales == []
    # Out of the date range: nothing.
    earlier = TODAY - datetime.timedelta(days=400)
    assert read(export(client, "quickbooks", "expenses", earlier, earlier + datetime.timedelta(days=1))) == []
    assert "Zebra" not in str(rows) and "Zebra" not in str(
        read(export(login(tenant_a.user(Role.PHANTOM)), "xero", "expenses"))
    )


def test_bad_input_is_a_clear_400(tenant_a, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    assert client.get(reverse("integrations:accounting_export")).status_code == 200
    backwards = export(client, "xero", "bills", TODAY, TODAY - datetime.timedelta(days=1))
    assert backwards.status_code == 400 and "start date is after" in backwards.content.decode()
    assert export(client, "sage", "bills").status_code == 400


def test_who_may_export_and_map(tenant_a, tenant_b, login):
    assert export(login(tenant_a.user(Role.PASSENGER)), "xero", "bills").status_code == 403
    assert login(tenant_a.user(Role.GLADIATOR)).get(reverse("integrations:account_mapping")).status_code == 403
    map_accounts(tenant_a, sales=("Zebra1", "ZEBRATAX"))
    other = login(tenant_b.user(Role.PHANTOM)).get(reverse("integrations:account_mapping"))
    assert other.status_code == 200 and "Zebra1" not in other.content.decode()


def mapping_post(tenant, changes):
    from integrations.accounting.mapping import categories

    cats = categories()
    data = {"form-TOTAL_FORMS": str(len(cats)), "form-INITIAL_FORMS": str(len(cats))}
    for i, category in enumerate(cats):
        code, tax = changes.get(category, ("", ""))
        data |= {f"form-{i}-category": category, f"form-{i}-account_code": code, f"form-{i}-tax_type": tax}
    return data


def test_an_admin_edits_the_mapping(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    page = client.get(reverse("integrations:account_mapping"))
    assert page.status_code == 200 and "Transportation" in page.content.decode()
    saved = client.post(reverse("integrations:account_mapping"), mapping_post(tenant_a, {"sales": ("4000", "")}))
    assert saved.status_code == 302
    assert list(AccountMapping.objects.values_list("category", "account_code")) == [("sales", "4000")]

    bad = {"sales": ("4000", ""), "Technical": ("=HYPERLINK()", "")}
    refused = client.post(reverse("integrations:account_mapping"), mapping_post(tenant_a, bad))
    assert refused.status_code == 400 and "is not an account code" in refused.content.decode()
    unknown = mapping_post(tenant_a, {}) | {"form-0-category": "Nonsense", "form-0-account_code": "1"}
    assert client.post(reverse("integrations:account_mapping"), unknown).status_code == 400
    assert list(AccountMapping.objects.values_list("category", "account_code")) == [("sales", "4000")]

    # An emptied code goes back to the default.
    assert client.post(reverse("integrations:account_mapping"), mapping_post(tenant_a, {})).status_code == 302
    assert not AccountMapping.objects.exists()
    assert "accounting-card" in client.get(reverse("integrations:connections")).content.decode()


def test_the_finance_overview_offers_the_export_only_to_who_may_take_it(tenant_a, login):
    documents = ("finance.view_invoice", "finance.view_expense", "finance.view_purchaseorder")
    link = reverse("integrations:accounting_export")
    offered = set()
    for role in (Role.PHANTOM, Role.GLADIATOR, Role.NAVIGATOR, Role.RAIDER, Role.PASSENGER):
        user = tenant_a.user(role)
        page = login(user).get(reverse("finance:workspace_home", args=[tenant_a.org.slug, tenant_a.workspace.slug]))
        if page.status_code != 200:
            continue  # finance is not open to this role at all
        may = any(user.has_perm(perm, tenant_a.workspace) for perm in documents)
        assert (link in page.content.decode()) == may, role
        offered |= {role} if may else set()
        if not may:
            assert login(user).get(link).status_code == 403
    assert Role.GLADIATOR in offered
