"""Purchase orders: draft, approval (a second approver above the organization's threshold),
sending, receiving, closing — and the money they commit on their budget line."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.formatting import money
from dragonfly.tenancy.access import display_name, users_with_perm

from ..errors import Conflict, FinanceInvalid, OverBudget
from ..models import (
    BudgetLine,
    Company,
    FinanceSettings,
    PurchaseOrder,
    PurchaseOrderApproval,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SpendingSource,
)
from ..models.procurement import EDITABLE_PO_STATUSES
from ..money import MAX_QUANTITY, ZERO, amount, currency_and_rate, line_amounts, tax_rate, to_base
from ._common import move, record, require
from .agreements import check_citable, with_agreement_rates
from .spending import budget_for, deltas, desired_for_purchase_order, lines_going_over, lock_budget, post

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from advancing.models import Advance, AdvanceItem
    from dragonfly.tenancy.models import Organization, Workspace
    from productions.models import Production

    from ..models import Agreement, SpendingEntry
    from ..money import Number

P = PurchaseOrderStatus
MAX_LINES = 200
SOURCE = SpendingSource.PURCHASE_ORDER


# --- numbers and totals ---------------------------------------------------------------------------
def next_po_number(organization: Organization) -> str:
    """The organization's next number (PO-00001, …): the settings row is locked while it counts."""
    try:
        with transaction.atomic():
            FinanceSettings.objects.get_or_create(organization=organization)
    except IntegrityError:  # created at the same moment by another request
        pass
    settings = FinanceSettings.objects.select_for_update().get(organization=organization)
    number = settings.next_po_number
    settings.next_po_number = number + 1
    settings.save(update_fields=["next_po_number", "updated_at"])
    return f"{settings.po_prefix}{number:05d}"


def build_lines(raw_lines: Iterable[Mapping[str, Any]]) -> list[PurchaseOrderLine]:
    """Validate line dicts into unsaved PurchaseOrderLines (raises FinanceInvalid naming the line)."""
    raw_lines = list(raw_lines)
    if len(raw_lines) > MAX_LINES:
        raise FinanceInvalid(_("A purchase order holds at most %(max_lines)s lines.") % {"max_lines": MAX_LINES})
    lines = []
    for position, raw in enumerate(raw_lines, start=1):
        catalog = raw.get("catalog_item")
        description = (raw.get("description") or (catalog.name if catalog else "")).strip()
        label = (
            _("Line %(number)s (%(description)s)") % {"number": position, "description": description}
            if description
            else _("Line %(number)s") % {"number": position}
        )
        if not description:
            raise FinanceInvalid(
                _("%(label)s: describe what is ordered, or pick it from the catalog.") % {"label": label}
            )
        quantity = amount(
            raw.get("quantity"), _("%(label)s: the quantity") % {"label": label}, maximum=MAX_QUANTITY, allow_zero=False
        )
        unit_price = amount(raw.get("unit_price") or 0, _("%(label)s: the unit price") % {"label": label})
        rate = tax_rate(raw.get("tax_rate"), _("%(label)s: the tax rate") % {"label": label})
        net, tax = line_amounts(quantity, unit_price, rate)
        lines.append(
            PurchaseOrderLine(
                catalog_item=catalog,
                description=description[:300],
                quantity=quantity,
                unit=(raw.get("unit") or (catalog.standard_unit if catalog else "")).strip()[:40],
                unit_price=unit_price,
                tax_rate=rate,
                amount=net,
                tax=tax,
                position=position,
                advance_item=raw.get("advance_item"),
            )
        )
    return lines


def recompute_totals(po: PurchaseOrder) -> PurchaseOrder:
    return _save_totals(po, list(po.lines.all()))


def _save_totals(po: PurchaseOrder, lines: Sequence[PurchaseOrderLine]) -> PurchaseOrder:
    po.subtotal = sum((line.amount for line in lines), ZERO)
    po.tax_amount = sum((line.tax for line in lines), ZERO)
    po.total = po.subtotal + po.tax_amount
    po.save(update_fields=["subtotal", "tax_amount", "total", "updated_at"])
    return po


def base_value(po: PurchaseOrder) -> Decimal:
    """What the thresholds compare: the order's net value in the organization's currency."""
    return to_base(po.subtotal, po.exchange_rate)


# --- drafting ----------------------------------------------------------------------------------
def create_purchase_order(
    *,
    actor: User,
    workspace: Workspace,
    vendor: Company | None = None,
    production: Production | None = None,
    budget_line: BudgetLine | None = None,
    currency: str | None = None,
    exchange_rate: Number | None = None,
    expected_on: datetime.date | None = None,
    delivery_address: str | None = "",
    terms: str | None = "",
    notes: str | None = "",
    lines: Iterable[Mapping[str, Any]] = (),
    agreement: Agreement | None = None,
) -> PurchaseOrder:
    """A draft order; citing an agreement (in force, with the vendor) gives its lines the agreement's rates."""
    require(actor, "finance.add_purchaseorder", workspace, _("Your role does not let you raise purchase orders here."))
    organization = workspace.organization
    _check_refs(workspace, vendor=vendor, production=production, budget_line=budget_line)
    if agreement is not None:
        vendor = vendor or agreement.vendor
        check_citable(agreement, workspace=workspace, vendor=vendor)
        lines = with_agreement_rates(agreement, lines)
    code, rate = currency_and_rate(currency, exchange_rate, organization)
    built = build_lines(lines)
    with transaction.atomic():
        po = PurchaseOrder.objects.create(
            organization=organization,
            workspace=workspace,
            production=production,
            vendor=vendor,
            budget_line=budget_line,
            agreement=agreement,
            number=next_po_number(organization),
            currency=code,
            exchange_rate=rate,
            expected_on=expected_on,
            delivery_address=(delivery_address or "").strip(),
            terms=(terms or "").strip(),
            notes=(notes or "").strip(),
            created_by=actor,
            category=budget_line.category if budget_line else "",
        )
        _replace_lines(po, built)
        record(po, actor=actor, verb="purchase_order.created", to_state=P.DRAFT, data={"lines": len(built)})
    return po


def update_purchase_order(
    po: PurchaseOrder, *, actor: User, lines: Iterable[Mapping[str, Any]] | None = None, **header: Any
) -> PurchaseOrder:
    """Change a draft: header fields given, and (a list of) lines replacing the old ones."""
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.change_purchaseorder", po, _("You may not edit this purchase order."))
        if po.status not in EDITABLE_PO_STATUSES:
            raise Conflict(_("Only draft purchase orders can be edited; return it to draft first."))
        refs: dict[str, Any] = {k: header[k] for k in ("vendor", "production", "budget_line") if k in header}
        _check_refs(po.workspace, **refs)
        for key, value in refs.items():
            setattr(po, key, value)
        if "agreement" in header:
            po.agreement = header["agreement"]
        if po.agreement is not None and ("agreement" in header or "vendor" in refs):
            check_citable(po.agreement, workspace=po.workspace, vendor=po.vendor)
        if "budget_line" in refs:
            po.category = refs["budget_line"].category if refs["budget_line"] else po.category
        if "currency" in header or "exchange_rate" in header:
            po.currency, po.exchange_rate = currency_and_rate(
                header.get("currency", po.currency), header.get("exchange_rate"), po.organization
            )
        for key in ("expected_on", "delivery_address", "terms", "notes"):
            if key in header:
                value = header[key]
                setattr(po, key, value.strip() if isinstance(value, str) else value)
        po.save()
        if lines is not None:
            kept = {
                line.advance_item_id: line.advance_item
                for line in po.lines.select_related("advance_item")
                if line.advance_item_id
            }
            raws = []
            for raw in lines:  # lines drafted from an advance stay tied to it
                raw = dict(raw)
                ref = raw.pop("advance_item_id", None)
                raw["advance_item"] = kept.get(int(ref)) if ref not in (None, "") and str(ref).isdigit() else None
                raws.append(raw)
            if po.agreement is not None:
                raws = with_agreement_rates(po.agreement, raws)
            _replace_lines(po, build_lines(raws))
        record(
            po, actor=actor, verb="purchase_order.edited", data={"fields": sorted(header), "lines": lines is not None}
        )
    return po


def create_draft_from_advance(
    advance: Advance,
    items: Sequence[AdvanceItem],
    *,
    vendor: Company | None,
    budget_line: BudgetLine | None,
    actor: User | None,
    agreement: Agreement | None = None,
    unit_prices: Mapping[int, Decimal] | None = None,
) -> PurchaseOrder:
    """A draft order for an approved advance's "to buy" / "to hire" lines (their cost is
    already committed by the advance, so the order commits nothing more for them).
    `unit_prices` ({advance item id: price}, the vendor's `agreement` rates) replaces a line's estimate."""
    prices = unit_prices or {}
    raw = [
        {
            "catalog_item": item.catalog_item,
            "description": item.name,
            "quantity": item.quantity_to_fulfil,
            "unit": item.unit,
            "unit_price": prices.get(item.pk, item.unit_cost),
            "advance_item": item,
        }
        for item in items
    ]
    from .spending import advance_rate

    rate = advance_rate(advance) or Decimal("1")
    po = PurchaseOrder.objects.create(
        organization_id=advance.organization_id,
        workspace=advance.workspace,
        production=advance.production,
        vendor=vendor,
        budget_line=budget_line,
        advance=advance,
        agreement=agreement,
        number=next_po_number(advance.organization),
        currency=advance.currency,
        exchange_rate=rate,
        category=budget_line.category if budget_line else "",
        created_by=advance.reviewed_by or advance.submitter,
        notes=f"Drafted from advance #{advance.pk} {advance.activation_name}".strip(),
    )
    # A new order has no lines to replace: its totals are those of the lines it is given (routing drafts
    # one order per vendor in one task, so no read of each new order's lines).
    lines = build_lines(raw)
    for line in lines:
        line.purchase_order = po
    PurchaseOrderLine.objects.bulk_create(lines)
    _save_totals(po, lines)
    record(
        po,
        actor=actor,
        verb="purchase_order.created",
        to_state=P.DRAFT,
        data={"advance": advance.pk, "lines": len(raw), "vendor": vendor.name if vendor else None},
    )
    return po


# --- the workflow -------------------------------------------------------------------------------
def submit_purchase_order(po: PurchaseOrder, *, actor: User, note: str = "") -> PurchaseOrder:
    """Send a draft for approval; above the threshold it will need two approvers."""
    require(actor, "finance.change_purchaseorder", po, _("You may not submit this purchase order."))

    def submit(locked: PurchaseOrder) -> None:
        if locked.vendor_id is None:
            raise FinanceInvalid(_("Choose the vendor before sending the order for approval."))
        if not locked.lines.exists():
            raise FinanceInvalid(_("Add at least one line before sending the order for approval."))
        if locked.budget_line_id is None:
            budget = budget_for(workspace=locked.workspace, production=locked.production)
            if budget is not None:
                from .spending import line_for_category

                locked.budget_line = line_for_category(lock_budget(budget), locked.category or None)
                locked.category = locked.budget_line.category
        settings = FinanceSettings.for_organization(locked.organization)
        locked.approvals_required = 2 if base_value(locked) > settings.second_approval_threshold else 1
        locked.submitted_at = timezone.now()

    # Who may approve hears of it from the `po.submitted` subscriber (finance/notifications.py).
    return _move(
        po,
        P.PENDING_APPROVAL,
        actor=actor,
        verb="submitted",
        note=note,
        prepare=submit,
        fields=["approvals_required", "submitted_at", "budget_line", "category"],
    )


def approve_purchase_order(po: PurchaseOrder, *, actor: User, note: str | None = "") -> PurchaseOrder:
    """One approval. Under the threshold it approves the order; above it, the first approval waits
    for a second, different approver. The approved order commits its money on the budget line."""
    require(actor, "finance.approve_purchaseorder", po, _("Your role does not let you approve purchase orders."))
    with transaction.atomic():
        # Locked here, not by the move: the approvals counted decide whether there is a move at all.
        po = _lock(po)
        PurchaseOrder.workflow.check(po, P.APPROVED, actor=actor)
        approvers = list(po.approvals.select_related("approver"))
        if any(a.approver_id == actor.pk for a in approvers):
            threshold = FinanceSettings.for_organization(po.organization).second_approval_threshold
            raise Conflict(
                _("You have already approved this order; it needs a second, different approver (above %(threshold)s).")
                % {"threshold": money(threshold, po.organization.currency)}
            )
        PurchaseOrderApproval.objects.create(purchase_order=po, approver=actor, note=(note or "").strip())
        count = len(approvers) + 1
        if count < po.approvals_required:
            record(
                po,
                actor=actor,
                verb="purchase_order.first_approval",
                note=(note or "").strip(),
                data={"approvals": count, "required": po.approvals_required},
            )
            return po

        def approve(locked: PurchaseOrder) -> None:
            locked.approved_at = timezone.now()

        names = [display_name(a.approver) for a in approvers] + [display_name(actor)]
        po = _move(
            po,
            P.APPROVED,
            actor=actor,
            verb="approved",
            note=note,
            prepare=approve,
            fields=["approved_at"],
            data={"approvals": count, "approvers": names},
            lock=False,
        )
        _commit(po, actor=actor)
    return po


def return_purchase_order(po: PurchaseOrder, *, actor: User, note: str | None) -> PurchaseOrder:
    """An approver sends a pending order back to draft (with the reason); its approvals lapse."""
    require(actor, "finance.approve_purchaseorder", po, _("Your role does not let you return purchase orders."))
    note = (note or "").strip()

    def send_back(locked: PurchaseOrder) -> None:
        if not note:
            raise FinanceInvalid(_("Say why the order goes back to draft."))
        locked.approvals.all().delete()

    return _move(po, P.DRAFT, actor=actor, verb="returned", note=note, prepare=send_back)


def send_purchase_order(po: PurchaseOrder, *, actor: User, note: str = "") -> PurchaseOrder:
    require(actor, "finance.change_purchaseorder", po, _("You may not send this purchase order."))

    def send(locked: PurchaseOrder) -> None:
        locked.sent_at = timezone.now()

    return _move(po, P.SENT, actor=actor, verb="sent", note=note, prepare=send, fields=["sent_at"])


def receive_purchase_order(
    po: PurchaseOrder, *, actor: User, quantities: Mapping[Any, Number], note: str | None = ""
) -> PurchaseOrder:
    """Record what arrived: `quantities` is {line id: the line's new running total received}."""
    require(actor, "finance.change_purchaseorder", po, _("You may not record deliveries on this order."))
    with transaction.atomic():
        # Locked here: the quantities decide whether the order moves at all.
        po = _lock(po)
        PurchaseOrder.workflow.check(po, P.RECEIVED, actor=actor)  # only an order sent to the vendor
        lines = {line.pk: line for line in po.lines.all()}
        changed = []
        for key, value in quantities.items():
            line = lines.get(int(key)) if str(key).isdigit() else None
            if line is None:
                raise FinanceInvalid(_("Line %(key)s is not part of this order.") % {"key": key})
            received = amount(
                value,
                _("“%(description)s”: the quantity received") % {"description": line.description},
                maximum=MAX_QUANTITY,
            )
            if received > line.quantity:
                raise FinanceInvalid(
                    _("“%(description)s”: %(quantity)s were ordered; %(received)s is more.")
                    % {"description": line.description, "quantity": line.quantity, "received": received}
                )
            if received < line.quantity_received:
                raise FinanceInvalid(
                    _("“%(description)s”: %(quantity_received)s are already recorded; send the new total.")
                    % {"description": line.description, "quantity_received": line.quantity_received}
                )
            if received != line.quantity_received:
                changed.append(
                    {
                        "line": line.pk,
                        "description": line.description,
                        "before": str(line.quantity_received),
                        "received": str(received),
                    }
                )
                line.quantity_received = received
        if not changed:
            return po
        PurchaseOrderLine.objects.bulk_update(list(lines.values()), ["quantity_received"])
        complete = all(line.quantity_received >= line.quantity for line in lines.values())
        target = P.RECEIVED if complete else P.PARTIALLY_RECEIVED
        if target != po.status:
            po = _move(po, target, actor=actor, verb="received", note=note, data={"lines": changed}, lock=False)
        else:
            record(po, actor=actor, verb="purchase_order.received", note=(note or "").strip(), data={"lines": changed})
    return po


def close_purchase_order(po: PurchaseOrder, *, actor: User, note: str = "") -> PurchaseOrder:
    """Done with the order (or short-closed): the commitment still open is released."""
    require(actor, "finance.change_purchaseorder", po, _("You may not close this purchase order."))
    with transaction.atomic():
        po = _move(po, P.CLOSED, actor=actor, verb="closed", note=note, prepare=_closing, fields=["closed_at"])
        sync_purchase_order(po, actor=actor)
    return po


def cancel_purchase_order(po: PurchaseOrder, *, actor: User, note: str | None = "") -> PurchaseOrder:
    require(actor, "finance.change_purchaseorder", po, _("You may not cancel this purchase order."))
    note = (note or "").strip()

    def cancel(locked: PurchaseOrder) -> None:
        if locked.status in (P.APPROVED, P.SENT) and not note:
            raise FinanceInvalid(_("Say why an order already approved is cancelled (the vendor may need to know)."))
        _closing(locked)

    with transaction.atomic():
        po = _move(po, P.CANCELLED, actor=actor, verb="cancelled", note=note, prepare=cancel, fields=["closed_at"])
        sync_purchase_order(po, actor=actor)
    return po


def cancel_for_advance(po: PurchaseOrder, *, actor: User | None, advance: Advance) -> PurchaseOrder:
    """The advance was rejected or cancelled: its order still in draft or pending goes too.

    The advance's decider made this happen, not a finance role: their permission on the order is not asked."""
    return _move(
        po,
        P.CANCELLED,
        actor=actor,
        verb="cancelled",
        note=f"Advance #{advance.pk} was {advance.get_status_display().lower()}.",
        prepare=_closing,
        fields=["closed_at"],
        check_perm=False,
    )


def _closing(locked):
    locked.closed_at = timezone.now()


def sync_purchase_order(po: PurchaseOrder, *, actor: User | None, memo: str = "") -> list[SpendingEntry]:
    """Bring the order's commitment to what it should be (after approval, invoices, closing)."""
    desired = desired_for_purchase_order(po)
    changes = deltas(SOURCE, desired)
    if not changes:
        return []
    budget = BudgetLine.objects.select_related("budget").get(pk=changes[0][1]).budget
    lock_budget(budget)
    return post(
        SOURCE, desired, actor=actor, memo=memo or f"{po.number} {po.get_status_display().lower()}", changes=changes
    )


# --- helpers -------------------------------------------------------------------------------------
def _commit(po, *, actor):
    desired = desired_for_purchase_order(po)
    changes = deltas(SOURCE, desired)
    if not changes:
        return []
    line = BudgetLine.objects.select_related("budget").get(pk=po.budget_line_id)
    lock_budget(line.budget)
    over = lines_going_over(changes)
    if over:
        if FinanceSettings.for_organization(po.organization).blocks_over_budget:
            line, adds = over[0]
            raise OverBudget(
                _(
                    "Approving %(number)s would take %(line)s over budget: %(left)s left, this needs %(adds)s. "
                    "Raise the plan first."
                )
                % {
                    "number": po.number,
                    "line": line.label,
                    "left": money(line.figures.remaining, po.organization.currency),
                    "adds": money(adds, po.organization.currency),
                }
            )
        record(po, actor=actor, verb="purchase_order.over_budget", data={"lines": [line.label for line, _adds in over]})
    return post(SOURCE, desired, actor=actor, memo=f"{po.number} approved", changes=changes)


LOCK_RELATED = ("organization", "workspace")


def _lock(po):
    return PurchaseOrder.objects.select_for_update(of=("self",)).select_related(*LOCK_RELATED).get(pk=po.pk)


def _move(po, to_status, *, verb, **options):
    """A move of the order: the history reads `purchase_order.<verb>`, subscribers hear `po.<verb>`."""
    options.setdefault("related", LOCK_RELATED)
    return move(po, to_status, verb=f"purchase_order.{verb}", event=f"po.{verb}", **options)


def _replace_lines(po, lines):
    po.lines.all().delete()
    for line in lines:
        line.purchase_order = po
    PurchaseOrderLine.objects.bulk_create(lines)
    recompute_totals(po)


def _check_refs(workspace, *, vendor=None, production=None, budget_line=None):
    if vendor is not None and (vendor.workspace_id != workspace.pk or not isinstance(vendor, Company)):
        raise FinanceInvalid(_("Pick a vendor of this workspace."))
    if production is not None and production.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a production of this workspace."))
    if budget_line is not None and budget_line.budget.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a budget line of this workspace."))


def approvers_of(po: PurchaseOrder) -> list[User]:
    """Active people of the order's workspace who may approve it (by role or by grant)."""
    return users_with_perm("finance.approve_purchaseorder", po)
