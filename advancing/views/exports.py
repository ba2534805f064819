"""CSV exports: the filtered review queue and one advance's lines, permission-checked like the pages."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.csv_export import csv_time, stream_csv, zoned
from dragonfly.tenancy.access import display_name

from ._common import get_advance
from .review import filtered_queue

QUEUE_HEADER = [
    "id",
    "status",
    "priority",
    "organization",
    "workspace",
    "production",
    "team",
    "activation",
    "submitter",
    "submitted_at",
    "estimated_cost",
    "approved_cost",
    "currency",
]


QUEUE_COLUMNS = [
    "status",
    "estimated_cost",
    "approved_cost",
    "currency",
    "team_workspace",
    "activation_name",
    "submitted_at",
    "workspace__name",
    "workspace__organization__name",
    "production__name",
    "submitter__username",
    "submitter__first_name",
    "submitter__last_name",
]


def queue_export(request):
    filterset, rows, valid = filtered_queue(request)
    if not valid:
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.form.errors.items())
        return HttpResponse(
            _("Bad filter: %(errors)s") % {"errors": errors}, status=400, content_type="text/plain; charset=utf-8"
        )
    # Only the columns the CSV shows: at a million rows, building and converting the unused ones
    # (timestamps, notes, review fields) is most of the export's time.
    rows = (
        rows.select_related(None)
        .select_related("workspace__organization", "production", "submitter")
        .only(*QUEUE_COLUMNS)
    )

    def data():
        for a in rows.iterator(chunk_size=500):
            yield [
                a.pk,
                a.get_status_display(),
                a.priority.label,
                a.workspace.organization.name,
                a.workspace.name,
                a.production.name if a.production_id else "",
                a.team_workspace,
                a.activation_name,
                display_name(a.submitter),
                csv_time(a.submitted_at),
                a.estimated_cost,
                a.approved_cost if a.approved_cost is not None else "",
                a.currency,
            ]

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    header = [zoned(c) if c == "submitted_at" else c for c in QUEUE_HEADER]
    return stream_csv(f"review-queue-{stamp}.csv", header, data())


LINES_HEADER = [
    "line",
    "catalog_id",
    "name",
    "unit",
    "quantity",
    "approved_quantity",
    "unit_cost",
    "total_cost",
    "approved_cost",
    "quantity_fulfilled",
    "fulfilment_status",
    "actual_cost",
    "notes",
]


def lines_export(request, pk):
    advance = get_advance(request, pk)
    rows = (
        [
            n,
            item.catalog_item.item_id if item.catalog_item_id else "",
            item.name,
            item.unit,
            item.quantity,
            item.approved_quantity if item.approved_quantity is not None else "",
            item.unit_cost,
            item.total_cost,
            item.approved_cost if item.approved_cost is not None else "",
            item.quantity_fulfilled,
            item.get_fulfilment_status_display(),
            item.actual_cost if item.actual_cost is not None else "",
            item.notes,
        ]
        for n, item in enumerate(advance.items.all(), start=1)
    )
    return stream_csv(f"advance-{advance.pk}-lines.csv", LINES_HEADER, rows)
