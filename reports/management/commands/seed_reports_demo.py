"""Demo reports: saved custom reports (shared and private), a subscription, a custom metric and two
finished exports, made through the reports services by the demo logins. Run by seed_demo (after the
modules whose rows the reports read); safe to run twice."""

from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from reports import services
from reports.models import CustomMetric, ExportJob, ReportSubscription, SavedReport

WORKSPACES = [("northstar", "aurora-tour"), ("bluewave", "summit-2027")]

# (role of the owner, name, source, spec, shared)
REPORTS = [
    (
        Role.GLADIATOR,
        "Order spend by vendor and status",
        "purchase_orders",
        {
            "group_by": ["vendor__name", "status"],
            "aggregates": [{"fn": "count", "field": ""}, {"fn": "sum", "field": "total"}],
        },
        True,
    ),
    (
        Role.GLADIATOR,
        "Approved advance cost by team",
        "advances",
        {
            "group_by": ["team_workspace"],
            "aggregates": [{"fn": "sum", "field": "estimated_cost"}, {"fn": "avg", "field": "estimated_cost"}],
            "filters": [{"field": "status", "op": "ne", "value": "draft"}],
        },
        True,
    ),
    (
        Role.DEVIATOR,
        "My crew's open incidents",
        "incidents",
        {
            "columns": ["occurred_at", "event__title", "title", "severity", "status"],
            "filters": [{"field": "status", "op": "ne", "value": "closed"}],
        },
        False,
    ),
]


class Command(BaseCommand):
    help = "Load demo saved reports, a subscription, a metric and exports (run by seed_demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        for workspace in seeded_workspaces(WORKSPACES):
            lead = member_with_role(workspace, Role.GLADIATOR)
            admin = member_with_role(workspace, Role.PHANTOM)
            if lead is None or admin is None:
                continue  # seed_demo makes the logins first
            for role, name, source, spec, shared in REPORTS:
                owner = member_with_role(workspace, role)
                if owner and not SavedReport.objects.filter(workspace=workspace, owner=owner, name=name).exists():
                    services.save_report(
                        actor=owner, workspace=workspace, name=name, source=source, spec=spec, shared=shared
                    )
                    made += 1
            if not ReportSubscription.objects.filter(user=lead, workspace=workspace).exists():
                services.subscribe(actor=lead, workspace=workspace, frequency="weekly", template="po-spend")
                made += 1
            if not CustomMetric.objects.filter(workspace=workspace).exists():
                services.create_metric(
                    actor=lead,
                    workspace=workspace,
                    name="Purchase orders in play",
                    source="purchase_orders",
                    aggregate="sum",
                    field="total",
                    filters=[{"field": "status", "op": "ne", "value": "cancelled"}],
                )
                made += 1
            if not ExportJob.objects.filter(requested_by=admin, workspace=workspace).exists():
                for template, fmt in (("budget-vs-actual", "xlsx"), ("po-spend", "csv")):
                    job = services.request_export(actor=admin, workspace=workspace, fmt=fmt, template=template)
                    services.build_export(job)  # seeds queue no tasks (quietly): built here
                    made += 1
        self.stdout.write(self.style.SUCCESS(f"{made} demo report row(s) added."))
