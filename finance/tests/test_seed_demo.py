"""The finance demo data comes with seed_demo (so `make run` shows a working Finance module), made
through the services, and is safe to run twice."""

import io

from django.core.management import call_command
from django.db.models import F

from advancing.models import Advance, AdvanceStatus
from finance.models import Budget, Expense, Invoice, PurchaseOrder, SpendingEntry


def test_finance_demo_data_is_made_once(seeded_demo):
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())  # a second run
    call_command("seed_finance_demo", stdout=io.StringIO())
    assert Budget.objects.count() == 8  # each demo production
    assert PurchaseOrder.objects.filter(status="pending_approval", approvals__isnull=False).count() == 4
    assert Expense.objects.count() == 4 and Invoice.objects.filter(status="partially_paid").count() == 4
    # budgets come first, so the approved demo advances committed their cost to them
    approved = Advance.objects.filter(status=AdvanceStatus.APPROVED)
    assert approved.exists() and approved.filter(approved_cost__lt=F("estimated_cost")).exists()
    for advance in approved:
        committed = SpendingEntry.objects.filter(
            source="advance_item", source_id__in=advance.items.values("pk"), kind="committed"
        )
        # what was approved: the whole ask, or the fewer rooms of the partly approved one
        assert sum(e.amount for e in committed) == advance.approved_cost
