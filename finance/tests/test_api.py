"""The finance API: the same services, filters and visibility as the pages, in the OpenAPI schema."""

import datetime

import pytest

from dragonfly.tenancy.roles import Role
from finance.models import Budget, Expense, Invoice, PurchaseOrder, PurchaseOrderStatus

from .helpers import D, approve, figures, line, make_advance, make_budget, make_vendor

pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def test_a_purchase_order_goes_from_draft_to_received_through_the_api(tenant_a, login):
    budget, vendor = make_budget(tenant_a), make_vendor(tenant_a)
    line_id = budget.lines.get(category="Technical").pk
    client = login(tenant_a.user(Role.GLADIATOR))
    created = post(
        client,
        "/api/purchase-orders/",
        {
            "workspace": tenant_a.workspace.pk,
            "vendor": vendor.pk,
            "production": budget.production_id,
            "budget_line": line_id,
            "lines": [{"description": "Follow spots", "quantity": "2", "unit_price": "3000"}],
        },
    )
    assert created.status_code == 201, created.json()
    po = created.json()
    assert po["number"] == "PO-00001" and po["status"] == "draft" and po["total"] == "6000.00"
    assert post(client, f"/api/purchase-orders/{po['id']}/submit/").json()["approvals_required"] == 2
    assert post(client, f"/api/purchase-orders/{po['id']}/approve/").status_code == 403  # Gladiator
    aviator, phantom = login(tenant_a.user(Role.AVIATOR)), None
    first = post(aviator, f"/api/purchase-orders/{po['id']}/approve/", {"note": "ok"})
    assert first.status_code == 200 and first.json()["status"] == "pending_approval"
    again = post(aviator, f"/api/purchase-orders/{po['id']}/approve/")
    assert again.status_code == 409 and "second" in again.json()["detail"]
    phantom = login(tenant_a.user(Role.PHANTOM))
    assert post(phantom, f"/api/purchase-orders/{po['id']}/approve/").json()["status"] == "approved"
    assert figures(budget)["Technical"][1] == D("6000.00")
    client = login(tenant_a.user(Role.GLADIATOR))
    assert post(client, f"/api/purchase-orders/{po['id']}/send/").json()["status"] == "sent"
    line_pk = PurchaseOrder.objects.get(pk=po["id"]).lines.get().pk
    received = post(client, f"/api/purchase-orders/{po['id']}/receive/", {"lines": {str(line_pk): "2"}})
    assert received.json()["status"] == "received"
    assert post(client, f"/api/purchase-orders/{po['id']}/cancel/").status_code == 409
    pdf = client.get(f"/api/purchase-orders/{po['id']}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    listed = client.get("/api/purchase-orders/?status=received,sent").json()
    assert [row["id"] for row in listed["results"]] == [po["id"]]


def test_budgets_lines_variance_and_the_baseline(tenant_a, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    production = make_budget(tenant_a).production
    Budget.objects.all().delete()
    created = post(client, "/api/budgets/", {"workspace": tenant_a.workspace.pk, "production": production.pk})
    assert created.status_code == 201 and created.json()["name"] == f"{production.name} budget"
    budget_id = created.json()["id"]
    line = post(
        client, "/api/budget-lines/", {"budget": budget_id, "category": "Technical", "planned_amount": "1200.00"}
    )
    assert line.status_code == 201
    assert (
        post(
            client, "/api/budget-lines/", {"budget": budget_id, "category": "Technical", "planned_amount": "1"}
        ).status_code
        == 400
    )
    locked = post(client, f"/api/budgets/{budget_id}/lock-baseline/", {"note": "Signed off"})
    assert locked.status_code == 200 and locked.json()["baseline_locked_at"]
    assert post(client, f"/api/budgets/{budget_id}/lock-baseline/").status_code == 409
    client.patch(f"/api/budget-lines/{line.json()['id']}/", {"planned_amount": "1500.00"}, content_type=JSON)
    variance = client.get(f"/api/budgets/{budget_id}/variance/").json()
    assert variance["totals"]["planned"] == "1500.00" and variance["totals"]["baseline"] == "1200.00"
    assert variance["lines"][0]["figures"]["state"] == "ok"
    financials = client.get(f"/api/budgets/{budget_id}/financials/").json()
    assert financials["planned"] == "1500.00" and financials["forecast_at_completion"] == "0.00"
    listed = client.get("/api/budgets/").json()["results"][0]
    assert listed["totals"]["planned"] == "1500.00"


def test_expenses_take_a_receipt_and_are_approved_by_someone_else(tenant_a, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    budget = make_budget(tenant_a, plan={"Travel": "100"})
    gladiator = tenant_a.user(Role.GLADIATOR)
    client = login(gladiator)
    receipt = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    created = client.post(
        "/api/expenses/",
        {
            "workspace": tenant_a.workspace.pk,
            "spent_by": gladiator.pk,
            "spent_on": datetime.date.today().isoformat(),
            "description": "Fuel",
            "amount": "60.00",
            "category": "Travel",
            "receipt_upload": receipt,
            "production": budget.production_id,
        },
    )
    assert created.status_code == 201, created.json()
    expense_id = created.json()["id"]
    assert created.json()["receipt"].startswith("/files/")
    assert post(client, f"/api/expenses/{expense_id}/approve/").status_code == 400  # not your own
    aviator = login(tenant_a.user(Role.AVIATOR))
    assert post(aviator, f"/api/expenses/{expense_id}/approve/").json()["status"] == "approved"
    assert aviator.get("/api/expenses/?status=approved&category=Travel").json()["count"] == 1
    assert Expense.objects.get(pk=expense_id).budget_line.category == "Travel"
    assert figures(budget)["Travel"] == (D("100.00"), D("0"), D("60.00"))


def test_invoices_and_payments(tenant_a, login):
    vendor = make_vendor(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    created = post(
        client,
        "/api/invoices/",
        {
            "workspace": tenant_a.workspace.pk,
            "company": vendor.pk,
            "number": "SS-9",
            "lines": [{"description": "Desk hire", "quantity": "2", "unit_price": "150", "tax_rate": "20"}],
        },
    )
    assert created.status_code == 201, created.json()
    invoice = created.json()
    assert invoice["total"] == "360.00" and invoice["status"] == "draft"
    assert post(client, f"/api/invoices/{invoice['id']}/pay/", {"amount": "10"}).status_code == 409
    post(client, f"/api/invoices/{invoice['id']}/send/")
    paid = post(client, "/api/payments/", {"invoice": invoice["id"], "amount": "160.00"})
    assert paid.status_code == 201
    assert post(client, f"/api/invoices/{invoice['id']}/pay/", {"amount": "200"}).json()["status"] == "paid"
    assert client.get("/api/invoices/?outstanding=true").json()["count"] == 0
    assert client.get(f"/api/payments/?invoice={invoice['id']}").json()["count"] == 2


def test_companies_and_contacts(tenant_a, login):
    client = login(tenant_a.user(Role.GLADIATOR))
    created = post(
        client,
        "/api/companies/",
        {
            "workspace": tenant_a.workspace.pk,
            "name": "Rig & Co",
            "kind": "vendor",
            "preferred_categories": ["Technical", "Heavy Equipment"],
            "rating": 5,
        },
    )
    assert created.status_code == 201, created.json()
    assert post(client, "/api/companies/", {"workspace": tenant_a.workspace.pk, "name": "Rig & Co"}).status_code == 400
    company_id = created.json()["id"]
    contact = post(client, "/api/contacts/", {"company": company_id, "name": "Ana", "email": "ana@rig.example"})
    assert contact.status_code == 201
    merchant = tenant_a.user(Role.MERCHANT)
    linked = post(client, f"/api/contacts/{contact.json()['id']}/link/", {"user": merchant.pk})
    assert linked.status_code == 200 and linked.json()["user"] == merchant.pk
    assert client.get("/api/companies/?category=Heavy Equipment").json()["count"] == 1
    assert client.get("/api/companies/?category=Staffing").json()["count"] == 0


def test_the_budget_check_of_an_advance(tenant_a, login):
    budget = make_budget(tenant_a, plan={"Technical": "1000"})
    advance = make_advance(tenant_a, budget.production, [line("Technical", 3, "400")])
    item = advance.items.get()
    client = login(tenant_a.user(Role.GLADIATOR))
    impact = client.get(f"/api/advances/{advance.pk}/budget-impact/").json()
    assert impact["lines"][0]["remaining_after"] == "-200.00" and impact["lines"][0]["goes_over"]
    prepared = post(client, f"/api/advances/{advance.pk}/budget-impact/", {"lines": {str(item.pk): "hire"}})
    assert prepared.status_code == 200
    approve(advance, actor=tenant_a.user(Role.GLADIATOR))  # the purchase order is drafted after the commit
    assert PurchaseOrder.objects.get(advance=advance).status == PurchaseOrderStatus.DRAFT
    assert login(tenant_a.user(Role.DEVIATOR)).get(f"/api/advances/{advance.pk}/budget-impact/").status_code == 404


def test_another_organization_gets_404s_and_empty_lists(tenant_a, tenant_b, login):
    from .isolation import make_secret_objects

    world = make_secret_objects(tenant_a)
    client = login(tenant_b.user(Role.PHANTOM))
    for prefix, key in [
        ("companies", "company"),
        ("contacts", "contact"),
        ("budgets", "budget"),
        ("budget-lines", "line"),
        ("expenses", "expense"),
        ("invoices", "invoice"),
        ("payments", "payment"),
        ("purchase-orders", "purchase_order"),
    ]:
        url = f"/api/{prefix}/{world[key].pk}/"
        assert client.get(url).status_code == 404, url
        assert client.patch(url, {"name": "x"}, content_type=JSON).status_code in (404, 405), url
        assert client.get(f"/api/{prefix}/").json()["count"] == 0, prefix
    assert post(client, "/api/purchase-orders/", {"workspace": tenant_a.workspace.pk}).status_code == 400
    assert (
        post(
            client,
            "/api/invoices/",
            {"workspace": tenant_b.workspace.pk, "company": world["company"].pk, "number": "x"},
        ).status_code
        == 400
    )
    assert Invoice.objects.count() == 1


def test_the_schema_lists_the_finance_routes(tenant_a, login):
    schema = login(tenant_a.user(Role.GLADIATOR)).get("/api/schema/").content.decode()
    for path in (
        "/api/companies/",
        "/api/contacts/",
        "/api/budgets/{id}/variance/",
        "/api/budget-lines/",
        "/api/expenses/{id}/approve/",
        "/api/invoices/{id}/pay/",
        "/api/payments/",
        "/api/purchase-orders/{id}/approve/",
        "/api/advances/{id}/budget-impact/",
    ):
        assert path in schema, path
