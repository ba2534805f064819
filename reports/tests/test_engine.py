"""The report engine: a finance lead sees what was ordered from each vendor; a crew member may not
run finance reports at all; a builder spec outside the allow-list is refused before any query."""

import pytest
from django.core.exceptions import PermissionDenied

from dragonfly.tenancy.roles import Role
from reports.catalog import TEMPLATES
from reports.engine import check_spec, compute_metric, run_spec
from reports.errors import ReportInvalid
from reports.models import CustomMetric
from reports.registry import SOURCES

from .helpers import vendor_spend

pytestmark = pytest.mark.django_db
R = Role


def test_po_spend_per_vendor_reads_only_this_workspace_and_leaves_cancelled_orders_out(tenant_a):
    vendor_spend(tenant_a)
    result = TEMPLATES["po-spend"].run(tenant_a.user(R.GLADIATOR), tenant_a.workspace, {})
    rows = list(result.rows)
    assert [c.label for c in result.columns] == ["Vendor", "Currency", "Count", "Sum of Total"]
    assert [[r[0], r[2], r[3]] for r in rows] == [
        ['=HYPERLINK("http://evil")', 1, 300],
        ["Stage Sound Ltd", 2, 2000],
    ]


def test_a_crew_member_without_finance_rights_cannot_run_finance_reports(tenant_a):
    crew = tenant_a.user(R.DEVIATOR)
    assert not TEMPLATES["po-spend"].may_run(crew, tenant_a.workspace)
    assert not TEMPLATES["budget-vs-actual"].may_run(crew, tenant_a.workspace)
    assert TEMPLATES["incident-log"].may_run(crew, tenant_a.workspace)
    with pytest.raises(PermissionDenied):
        run_spec(crew, tenant_a.workspace, SOURCES["purchase_orders"], {})


def test_another_organization_sees_none_of_the_rows(tenant_a, tenant_b):
    vendor_spend(tenant_a)
    outsider = tenant_b.user(R.GLADIATOR)
    # Running in a workspace they hold no role in: no permission there, so refused outright.
    with pytest.raises(PermissionDenied):
        run_spec(outsider, tenant_a.workspace, SOURCES["purchase_orders"], {})
    # And their own workspace's report shows none of Acme's orders.
    result = run_spec(outsider, tenant_b.workspace, SOURCES["purchase_orders"], {})
    assert list(result.rows) == [] and result.count == 0


def test_a_spec_outside_the_allow_list_is_refused(tenant_a):
    gladiator = tenant_a.user(R.GLADIATOR)
    source = SOURCES["purchase_orders"]
    for bad in (
        {"columns": ["created_by__password"]},
        {"group_by": ["number"]},
        {"aggregates": [{"fn": "sum", "field": "vendor__name"}]},
        {"aggregates": [{"fn": "median", "field": "total"}]},
        {"filters": [{"field": "total", "op": "gte", "value": "lots"}]},
        {"filters": [{"field": "total", "op": "regex", "value": "1"}]},
        {"filters": [{"field": "total", "op": "contains", "value": "1"}]},
        {"group_by": ["vendor__name", "currency", "status"]},
    ):
        with pytest.raises(ReportInvalid):
            check_spec(gladiator, tenant_a.workspace, source, bad)


def test_builder_filters_group_and_average(tenant_a):
    vendor_spend(tenant_a)
    spec = {
        "filters": [
            {"field": "vendor__name", "op": "contains", "value": "sound"},
            {"field": "status", "op": "ne", "value": "Cancelled"},  # a label reads as its value
        ],
        "group_by": ["status"],
        "aggregates": [{"fn": "avg", "field": "total"}, {"fn": "count", "field": ""}],
    }
    result = run_spec(tenant_a.user(R.GLADIATOR), tenant_a.workspace, SOURCES["purchase_orders"], spec)
    assert [[r[0], round(r[1]), r[2]] for r in result.rows] == [["Approved", 1200, 1], ["Sent", 800, 1]]


def test_a_custom_metric_is_computed_as_the_viewer_sees_it(tenant_a):
    vendor_spend(tenant_a)
    metric = CustomMetric.objects.create(
        workspace=tenant_a.workspace,
        name="Open spend",
        source="purchase_orders",
        aggregate="sum",
        field="total",
        filters=[{"field": "status", "op": "ne", "value": "cancelled"}],
    )
    assert compute_metric(metric, tenant_a.user(R.GLADIATOR)) == 2300
    assert compute_metric(metric, tenant_a.user(R.DEVIATOR)) is None


def test_asset_value_is_a_field_only_those_who_see_values_may_use(tenant_a):
    source = SOURCES["assets"]
    assert "purchase_value" in {f.name for f in source.fields_for(tenant_a.user(R.GLADIATOR), tenant_a.workspace)}
    passenger = tenant_a.user(R.PASSENGER)
    assert "purchase_value" not in {f.name for f in source.fields_for(passenger, tenant_a.workspace)}
    with pytest.raises(ReportInvalid):
        check_spec(passenger, tenant_a.workspace, source, {"columns": ["purchase_value"]})
