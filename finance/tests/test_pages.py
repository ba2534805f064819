"""The finance pages, as the production office uses them: every page renders for the roles that
open it, forms are narrowed to the workspace, lists cost the same queries at 10 and 60 rows,
exports neutralize spreadsheet formulas."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from finance import services
from finance.models import (
    Budget,
    BudgetLine,
    Company,
    Expense,
    Invoice,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SpendingEntry,
)
from productions.models import Production

from .helpers import D, approve, line, make_advance, make_budget, make_vendor

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def ws_url(tenant, name, **kwargs):
    return reverse(f"finance:{name}", args=[tenant.org.slug, tenant.workspace.slug], **kwargs)


@pytest.fixture
def world(tenant_a):
    budget = make_budget(tenant_a)
    vendor = make_vendor(tenant_a)
    advance = make_advance(tenant_a, budget.production, [line("Technical", 2, "4000", procurement="hire")])
    approve(advance, actor=tenant_a.user(Role.GLADIATOR))  # the routing task drafts its order
    po = PurchaseOrder.objects.get(advance=advance)
    gladiator = tenant_a.user(Role.GLADIATOR)
    expense = services.create_expense(
        actor=gladiator,
        workspace=tenant_a.workspace,
        spent_by=gladiator,
        spent_on=datetime.date.today(),
        description="Gaffer tape",
        amount_net="35.00",
        category="Technical",
        production=budget.production,
    )
    invoice = services.create_invoice(
        actor=gladiator,
        workspace=tenant_a.workspace,
        company=vendor,
        number="SS-1",
        lines=[{"description": "Cables", "quantity": 1, "unit_price": "99"}],
    )
    return {"budget": budget, "vendor": vendor, "po": po, "expense": expense, "invoice": invoice, "advance": advance}


def test_every_page_renders_for_an_aviator(tenant_a, world, login):
    client = login(tenant_a.user(Role.AVIATOR))
    urls = [
        ws_url(tenant_a, n)
        for n in (
            "workspace_home",
            "budgets",
            "new_budget",
            "purchase_orders",
            "new_purchase_order",
            "invoices",
            "new_invoice",
            "expenses",
            "new_expense",
            "companies",
            "new_company",
        )
    ]
    urls += [
        reverse("finance:budget", args=[world["budget"].pk]),
        reverse("finance:edit_budget", args=[world["budget"].pk]),
        reverse("finance:edit_line", args=[world["budget"].lines.first().pk]),
        reverse("finance:financials", args=[world["budget"].production_id]),
        reverse("finance:purchase_order", args=[world["po"].pk]),
        reverse("finance:edit_purchase_order", args=[world["po"].pk]),
        reverse("finance:invoice", args=[world["invoice"].pk]),
        reverse("finance:edit_invoice", args=[world["invoice"].pk]),
        reverse("finance:expense", args=[world["expense"].pk]),
        reverse("finance:edit_expense", args=[world["expense"].pk]),
        reverse("finance:company", args=[world["vendor"].pk]),
        reverse("finance:edit_company", args=[world["vendor"].pk]),
        reverse("finance:advance_budget", args=[world["advance"].pk]),
        reverse("finance:home"),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
    pdf = client.get(reverse("finance:purchase_order_pdf", args=[world["po"].pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


# --- query counts ------------------------------------------------------------------------------
def bulk_budgets(tenant, n, start=0):
    productions = Production.objects.bulk_create(
        [Production(workspace=tenant.workspace, name=f"Show {start + i}") for i in range(n)]
    )
    budgets = Budget.objects.bulk_create(
        [
            Budget(
                workspace=tenant.workspace,
                production=p,
                name=f"Budget {start + i}",
                currency="USD",
                owner=tenant.user(Role.AVIATOR),
            )
            for i, p in enumerate(productions)
        ]
    )
    lines = BudgetLine.objects.bulk_create(
        [BudgetLine(budget=b, category=c, planned_amount=D("1000")) for b in budgets for c in ("Technical", "Staffing")]
    )
    SpendingEntry.objects.bulk_create(
        [
            SpendingEntry(line=li, kind=k, amount=D("10"), source="expense", source_id=1)
            for li in lines
            for k in ("committed", "actual")
        ]
    )


def bulk_orders(tenant, n, vendor):
    orders = PurchaseOrder.objects.bulk_create(
        [
            PurchaseOrder(
                organization=tenant.org,
                workspace=tenant.workspace,
                number=f"B-{vendor.pk}-{i}-{n}",
                vendor=vendor,
                currency="USD",
                subtotal=D("10"),
                total=D("10"),
            )
            for i in range(n)
        ]
    )
    PurchaseOrderLine.objects.bulk_create(
        [PurchaseOrderLine(purchase_order=po, description="x", quantity=1, unit_price=10, amount=10) for po in orders]
    )


# Pinned: session, user, memberships, workspace, role permissions, grants, the shell's switcher and
# counts, the page's count and rows (budgets: and their lines' sums), the filter form's choices.
QUERY_BUDGET = {"budgets": 13, "purchase_orders": 13, "expenses": 13, "invoices": 13}


def bulk_expenses(tenant, n, spent_by):
    Expense.objects.bulk_create(
        [
            Expense(
                workspace=tenant.workspace,
                category="Travel",
                spent_by=spent_by,
                spent_on=datetime.date.today(),
                description=f"Taxi {i}",
                amount=D("10"),
                currency="USD",
                base_amount=D("10"),
            )
            for i in range(n)
        ]
    )


def bulk_invoices(tenant, n, vendor, batch):
    Invoice.objects.bulk_create(
        [
            Invoice(
                workspace=tenant.workspace,
                company=vendor,
                number=f"N-{batch}-{i}",
                issue_date=datetime.date.today(),
                due_date=datetime.date.today(),
                currency="USD",
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("page", ["budgets", "purchase_orders", "expenses", "invoices"])
def test_lists_cost_the_same_queries_at_10_and_60_rows(tenant_a, client, django_assert_max_num_queries, page):
    viewer = tenant_a.user(Role.AVIATOR)
    vendor = make_vendor(tenant_a)
    bulk = {
        "budgets": lambda n, batch: bulk_budgets(tenant_a, n, start=batch * 100),
        "purchase_orders": lambda n, batch: bulk_orders(tenant_a, n, vendor),
        "expenses": lambda n, batch: bulk_expenses(tenant_a, n, viewer),
        "invoices": lambda n, batch: bulk_invoices(tenant_a, n, vendor, batch),
    }[page]
    client.force_login(viewer)
    url = ws_url(tenant_a, page)
    client.get(url)
    counts = []
    for more in (10, 50):
        bulk(more, len(counts))
        with django_assert_max_num_queries(QUERY_BUDGET[page]) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == min(10 if more == 10 else 60, 25)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_variance_costs_the_same_queries_at_any_number_of_spending_rows(tenant_a, django_assert_num_queries):
    budget = make_budget(tenant_a)
    line = budget.lines.first()
    counts = []
    for n in (5, 500):
        SpendingEntry.objects.bulk_create(
            [SpendingEntry(line=line, kind="actual", amount=D("0.01"), source="expense", source_id=i) for i in range(n)]
        )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            variance = services.get_budget_variance(budget.production)
            services.get_production_financials(budget.production)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1] <= 5, counts
    assert variance["actual"] == D("5.05")


# --- roles on the pages ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "role,status",
    [
        (Role.PHANTOM, 200),
        (Role.AVIATOR, 200),
        (Role.GLADIATOR, 200),
        (Role.NAVIGATOR, 200),
        (Role.DEVIATOR, 403),
        (Role.RAIDER, 403),
        (Role.MERCHANT, 403),
        (Role.VISITOR, 403),
        (Role.PASSENGER, 403),
        (Role.AMBASSADOR, 403),
    ],
)
def test_the_module_opens_for_finance_roles_only(tenant_a, world, login, role, status):
    client = login(tenant_a.user(role))
    assert client.get(ws_url(tenant_a, "workspace_home")).status_code == status
    detail = client.get(reverse("finance:budget", args=[world["budget"].pk])).status_code
    # Navigators open Finance for expenses only: budgets stay out of their sight
    assert detail == (200 if status == 200 and role != Role.NAVIGATOR else 404)


def test_forms_offer_only_this_workspaces_rows(tenant_a, tenant_b, world, login):
    make_vendor(tenant_b, "Foreign Vendor")
    make_budget(tenant_b)
    client = login(tenant_a.user(Role.GLADIATOR))
    form = client.get(ws_url(tenant_a, "new_purchase_order")).context["form"]
    assert list(form.fields["vendor"].queryset) == [world["vendor"]]
    assert {li.budget_id for li in form.fields["budget_line"].queryset} == {world["budget"].pk}
    response = client.post(
        ws_url(tenant_a, "new_purchase_order"),
        {"vendor": Company.objects.get(name="Foreign Vendor").pk, "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 400 and "vendor" in response.context["form"].errors


def test_an_accountant_approves_an_order_from_its_page(tenant_a, world, login):
    po = world["po"]  # drafted from the advance: 8,000 is above 5,000, so two approvers
    gladiator = login(tenant_a.user(Role.GLADIATOR))
    page = gladiator.get(reverse("finance:purchase_order", args=[po.pk]))
    assert [a[0] for a in page.context["actions"]] == ["submit", "cancel"]
    gladiator.post(reverse("finance:purchase_order_action", args=[po.pk, "submit"]))
    aviator = login(tenant_a.user(Role.AVIATOR))
    page = aviator.get(reverse("finance:purchase_order", args=[po.pk]))
    assert ("approve", "Approve (1st of 2)", "ok") in page.context["actions"]
    aviator.post(reverse("finance:purchase_order_action", args=[po.pk, "approve"]))
    po.refresh_from_db()
    assert po.status == PurchaseOrderStatus.PENDING_APPROVAL
    again = aviator.post(reverse("finance:purchase_order_action", args=[po.pk, "approve"]))
    assert again.status_code == 409 and "second" in again.content.decode()
    phantom = login(tenant_a.user(Role.PHANTOM))
    phantom.post(reverse("finance:purchase_order_action", args=[po.pk, "approve"]), {"note": "Go"})
    po.refresh_from_db()
    assert po.status == PurchaseOrderStatus.APPROVED
    assert (
        login(tenant_a.user(Role.GLADIATOR))
        .post(reverse("finance:purchase_order_action", args=[po.pk, "approve"]))
        .status_code
        == 403
    )


def test_budget_lines_are_planned_and_the_baseline_locked_from_the_page(tenant_a, world, login):
    budget = world["budget"]
    client = login(tenant_a.user(Role.GLADIATOR))
    response = client.post(
        reverse("finance:add_line", args=[budget.pk]), {"category": "Venue", "planned_amount": "2500"}
    )
    assert response.status_code == 302
    dupe = client.post(reverse("finance:add_line", args=[budget.pk]), {"category": "Venue", "planned_amount": "1"})
    assert dupe.status_code == 400
    client.post(reverse("finance:lock_baseline", args=[budget.pk]), {"note": "Approved by the client"})
    budget.refresh_from_db()
    assert budget.is_baselined and budget.lines.get(category="Venue").baseline_amount == D("2500.00")
    again = client.post(reverse("finance:lock_baseline", args=[budget.pk]))
    assert again.status_code == 409


def test_an_expense_is_recorded_with_its_receipt_from_the_page(tenant_a, world, login):
    gladiator = tenant_a.user(Role.GLADIATOR)
    client = login(gladiator)
    response = client.post(
        ws_url(tenant_a, "new_expense"),
        {
            "spent_by": gladiator.pk,
            "spent_on": datetime.date.today().isoformat(),
            "description": "Batteries",
            "category": "Technical",
            "amount_net": "19.99",
            "tax": "0",
            "production": world["budget"].production_id,
            "receipt": SimpleUploadedFile("receipt.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    expense = Expense.objects.get(description="Batteries")
    assert expense.receipt.bucket == "receipts"
    page = client.get(reverse("finance:expense", args=[expense.pk]))
    assert page.context["actions"] == []  # who recorded it does not approve it, though their role could
    aviator = login(tenant_a.user(Role.AVIATOR))
    assert aviator.post(reverse("finance:expense_action", args=[expense.pk, "approve"])).status_code == 302


def test_exports_neutralize_formulas(tenant_a, world, login):
    gladiator = tenant_a.user(Role.GLADIATOR)
    services.create_expense(
        actor=gladiator,
        workspace=tenant_a.workspace,
        spent_by=gladiator,
        spent_on=datetime.date.today(),
        description='=HYPERLINK("http://evil")',
        amount_net="1.00",
        category="Other",
    )
    services.save_line(
        world["budget"], actor=gladiator, category="Venue", planned_amount="10", name="+cmd|' /C calc'!A0"
    )
    client = login(gladiator)
    expenses = b"".join(client.get(ws_url(tenant_a, "export_expenses")).streaming_content).decode()
    assert "'=HYPERLINK" in expenses and "\n=HYPERLINK" not in expenses
    budget_csv = b"".join(
        client.get(reverse("finance:export_budget", args=[world["budget"].pk])).streaming_content
    ).decode()
    assert "'+cmd" in budget_csv
    assert budget_csv.splitlines()[0].startswith("category,line,owner,baseline,planned,committed,actual")
    totals = budget_csv.splitlines()[-1].split(",")
    assert totals[0] == "TOTAL" and totals[5] == "8000.00"


def test_a_reviewer_prepares_purchasing_before_approving(tenant_a, login):
    budget = make_budget(tenant_a, plan={"Technical": "100"})
    advance = make_advance(tenant_a, budget.production, [line("Technical", 1, "150")])
    item = advance.items.get()
    client = login(tenant_a.user(Role.GLADIATOR))
    page = client.get(reverse("finance:advance_budget", args=[advance.pk]))
    assert page.context["impact"].over and "goes over" in page.content.decode()
    client.post(reverse("finance:advance_budget", args=[advance.pk]), {f"procurement-{item.pk}": "buy"})
    item.refresh_from_db()
    assert item.procurement == "buy"
    assert (
        login(tenant_a.user(Role.DEVIATOR)).get(reverse("finance:advance_budget", args=[advance.pk])).status_code == 404
    )


def test_the_include_for_the_advance_page_shows_reviewers_the_remaining_amount(tenant_a, rf):
    from django.template import Context, Template

    budget = make_budget(tenant_a, plan={"Technical": "1000"})
    advance = make_advance(tenant_a, budget.production, [line("Technical", 1, "900")])
    template = Template("{% load finance_tags %}{% advance_budget_impact advance %}")
    request = rf.get("/")
    request.user = tenant_a.user(Role.GLADIATOR)
    html = template.render(Context({"advance": advance, "request": request}))
    assert "1,000.00" in html and "USD 100.00" in html
    request.user = tenant_a.user(Role.DEVIATOR)
    assert "Budget" not in template.render(Context({"advance": advance, "request": request}))


def test_the_advance_review_page_shows_the_budget_panel_to_reviewers_only(tenant_a, login):
    budget = make_budget(tenant_a, plan={"Technical": "1000"})
    advance = make_advance(tenant_a, budget.production, [line("Technical", 1, "1200")])
    page = login(tenant_a.user(Role.GLADIATOR)).get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    panel = page.split('data-testid="budget-impact"', 1)[1].split("</section>", 1)[0]
    assert "1,000.00" in panel and "USD -200.00" in panel  # left now, left after
    assert "Approving takes 1 line(s) over budget." in panel
    raider_page = login(advance.submitter).get(reverse("advancing:detail", args=[advance.pk])).content.decode()
    assert 'data-testid="budget-impact"' not in raider_page
