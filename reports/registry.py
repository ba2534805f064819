"""The custom report builder's allow-list: which models a report may read, and which of their fields
it may show, group by and add up. Nothing outside this table is ever queried.

Each source reads its rows through the model's `visible_to(user)` in one workspace, and opens only
to someone holding its permission there (`perm`); a field may ask a permission of its own (what an
asset cost). Labels are `gettext_lazy`: a column reads in the viewer's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

TEXT, NUMBER, MONEY, DATE, DATETIME, CHOICE = "text", "number", "money", "date", "datetime", "choice"


@dataclass(frozen=True)
class Field:
    name: str  # the ORM path, e.g. "vendor__name"
    label: Any
    kind: str = TEXT
    groupable: bool = False
    aggregatable: bool = False
    perm: str = ""  # a permission the viewer must hold in the workspace to see this field

    @property
    def numeric(self) -> bool:
        return self.kind in (NUMBER, MONEY)


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    model_path: str  # "app_label.Model"
    perm: str
    fields: tuple[Field, ...]
    default_columns: tuple[str, ...]
    order: tuple[str, ...] = ("-id",)
    # Rows of a model with no `visible_to` of its own, read through its parent's (advance lines).
    rows: Callable[[Any, Any], Any] | None = field(default=None, compare=False)

    @property
    def model(self) -> Any:
        return apps.get_model(self.model_path)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def queryset(self, user: Any, workspace: Any) -> Any:
        if self.rows is not None:
            return self.rows(user, workspace)
        return self.model.objects.visible_to(user).in_workspace(workspace)

    def fields_for(self, user: Any, workspace: Any) -> list[Field]:
        return [f for f in self.fields if not f.perm or user.has_perm(f.perm, workspace)]

    def choices(self, name: str) -> dict[Any, Any]:
        """value → label of a choice field (its model field's choices, followed through relations)."""
        model, parts = self.model, name.split("__")
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model
        return dict(model._meta.get_field(parts[-1]).flatchoices)


def _advance_lines(user: Any, workspace: Any) -> Any:
    Advance, AdvanceItem = apps.get_model("advancing.Advance"), apps.get_model("advancing.AdvanceItem")
    return AdvanceItem.objects.filter(advance__in=Advance.objects.visible_to(user).in_workspace(workspace).values("pk"))


SOURCES = {
    s.key: s
    for s in [
        Source(
            "advances",
            _("Advances"),
            "advancing.Advance",
            "advancing.view_advance",
            (
                Field("activation_name", _("Activation")),
                Field("status", _("Status"), CHOICE, groupable=True),
                Field("team_workspace", _("Team"), groupable=True),
                Field("production__name", _("Production"), groupable=True),
                Field("submitted_at", _("Submitted"), DATETIME),
                Field("currency", _("Currency"), groupable=True),
                Field("estimated_cost", _("Estimated cost"), MONEY, aggregatable=True),
                Field("approved_cost", _("Approved cost"), MONEY, aggregatable=True),
                Field("actual_cost", _("Actual cost"), MONEY, aggregatable=True),
            ),
            ("activation_name", "status", "team_workspace", "estimated_cost", "actual_cost"),
        ),
        Source(
            "advance_lines",
            _("Advance lines"),
            "advancing.AdvanceItem",
            "advancing.view_advance",
            (
                Field("name", _("Item")),
                Field("catalog_item__category", _("Category"), groupable=True),
                Field("advance__status", _("Advance status"), CHOICE, groupable=True),
                Field("advance__team_workspace", _("Team"), groupable=True),
                Field("quantity", _("Quantity"), NUMBER, aggregatable=True),
                Field("unit", _("Unit")),
                Field("total_cost", _("Total cost"), MONEY, aggregatable=True),
                Field("fulfilment_status", _("Fulfilment"), CHOICE, groupable=True),
            ),
            ("name", "catalog_item__category", "quantity", "total_cost"),
            rows=_advance_lines,
        ),
        Source(
            "time_entries",
            _("Time entries"),
            "people.TimeEntry",
            "people.view_timeentry",
            (
                Field("person__first_name", _("First name"), groupable=True),
                Field("person__last_name", _("Last name"), groupable=True),
                Field("person__department", _("Department"), groupable=True),
                Field("production__name", _("Production"), groupable=True),
                Field("work_date", _("Work date"), DATE, groupable=True),
                Field("status", _("Status"), CHOICE, groupable=True),
                Field("hours", _("Hours"), NUMBER, aggregatable=True),
            ),
            ("person__first_name", "person__last_name", "work_date", "hours", "status"),
        ),
        Source(
            "incidents",
            _("Incidents"),
            "events.Incident",
            "events.view_incident",
            (
                Field("occurred_at", _("Occurred"), DATETIME),
                Field("event__title", _("Event"), groupable=True),
                Field("title", _("Title")),
                Field("severity", _("Severity"), CHOICE, groupable=True),
                Field("category", _("Category"), CHOICE, groupable=True),
                Field("status", _("Status"), CHOICE, groupable=True),
            ),
            ("occurred_at", "event__title", "title", "severity", "status"),
            order=("-occurred_at", "-id"),
        ),
        Source(
            "certifications",
            _("Certificates"),
            "people.Certification",
            "people.view_certification",
            (
                Field("person__first_name", _("First name"), groupable=True),
                Field("person__last_name", _("Last name"), groupable=True),
                Field("kind", _("Type"), CHOICE, groupable=True),
                Field("name", _("Certificate")),
                Field("issuer", _("Issuer"), groupable=True),
                Field("expires_on", _("Expires on"), DATE),
            ),
            ("person__first_name", "person__last_name", "name", "expires_on"),
            order=("expires_on", "id"),
        ),
        Source(
            "purchase_orders",
            _("Purchase orders"),
            "finance.PurchaseOrder",
            "finance.view_purchaseorder",
            (
                Field("number", _("Number")),
                Field("vendor__name", _("Vendor"), groupable=True),
                Field("production__name", _("Production"), groupable=True),
                Field("category", _("Category"), groupable=True),
                Field("status", _("Status"), CHOICE, groupable=True),
                Field("currency", _("Currency"), groupable=True),
                Field("subtotal", _("Net"), MONEY, aggregatable=True),
                Field("total", _("Total"), MONEY, aggregatable=True),
                Field("created_at", _("Created"), DATETIME),
            ),
            ("number", "vendor__name", "status", "total"),
        ),
        Source(
            "expenses",
            _("Expenses"),
            "finance.Expense",
            "finance.view_expense",
            (
                Field("spent_on", _("Spent on"), DATE, groupable=True),
                Field("description", _("Description")),
                Field("category", _("Category"), CHOICE, groupable=True),
                Field("merchant_name", _("Paid to"), groupable=True),
                Field("status", _("Status"), CHOICE, groupable=True),
                Field("currency", _("Currency"), groupable=True),
                Field("amount", _("Amount (net)"), MONEY, aggregatable=True),
            ),
            ("spent_on", "description", "category", "amount"),
        ),
        Source(
            "assets",
            _("Assets"),
            "assets.Asset",
            "assets.view_asset",
            (
                Field("tag", _("Tag")),
                Field("name", _("Name")),
                Field("category", _("Category"), groupable=True),
                Field("status", _("Status"), CHOICE, groupable=True),
                Field("use_count", _("Times used"), NUMBER, aggregatable=True),
                Field("purchase_value", _("Purchase value"), MONEY, aggregatable=True, perm="assets.view_asset_value"),
            ),
            ("tag", "name", "category", "status"),
        ),
    ]
}


def sources_for(user: Any, workspace: Any) -> list[Source]:
    """The sources `user` may build reports over in `workspace`."""
    return [s for s in SOURCES.values() if user.has_perm(s.perm, workspace)]
