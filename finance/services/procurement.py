"""Purchase orders: draft, approval (a second approver above the organization's threshold),
sending, receiving, closing — and the money they commit on their budget line."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dragonfly.tenancy.models import active_q

from ..errors import FinanceInvalid, InvalidTransition, OverBudget
from ..models import (
    PO_TRANSITIONS,
    BudgetLine,
    Company,
    FinanceSettings,
    PurchaseOrder,
    PurchaseOrderApproval,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SpendingSource,
)
from ..models.procurement import EDITABLE_PO_STATUSES, RECEIVABLE_PO_STATUSES
from ..money import MAX_QUANTITY, MAX_TAX_RATE, ZERO, amount, currency_and_rate, line_amounts, to_base
from ._common import check_move, display_name, record, require
from .spending import budget_for, deltas, desired_for_purchase_order, lines_going_over, lock_budget, post

P = PurchaseOrderStatus
MAX_LINES = 200
SOURCE = SpendingSource.PURCHASE_ORDER


# --- numbers and totals ---------------------------------------------------------------------------
def next_po_number(organization):
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


def build_lines(raw_lines):
    """Validate line dicts into unsaved PurchaseOrderLines (raises FinanceInvalid naming the line)."""
    raw_lines = list(raw_lines)
    if len(raw_lines) > MAX_LINES:
        raise FinanceInvalid(f"A purchase order holds at most {MAX_LINES} lines.")
    lines = []
    for position, raw in enumerate(raw_lines, start=1):
        catalog = raw.get("catalog_item")
        description = (raw.get("description") or (catalog.name if catalog else "")).strip()
        label = f"Line {position}" + (f" ({description})" if description else "")
        if not description:
            raise FinanceInvalid(f"{label}: describe what is ordered, or pick it from the catalog.")
        quantity = amount(raw.get("quantity"), f"{label}: the quantity", maximum=MAX_QUANTITY, allow_zero=False)
        unit_price = amount(raw.get("unit_price") or 0, f"{label}: the unit price")
        tax_rate = amount(raw.get("tax_rate") or 0, f"{label}: the tax rate", maximum=MAX_TAX_RATE)
        net, tax = line_amounts(quantity, unit_price, tax_rate)
        lines.append(
            PurchaseOrderLine(
                catalog_item=catalog,
                description=description[:300],
                quantity=quantity,
                unit=(raw.get("unit") or (catalog.standard_unit if catalog else "")).strip()[:40],
                unit_price=unit_price,
                tax_rate=tax_rate,
                amount=net,
                tax=tax,
                position=position,
                advance_item=raw.get("advance_item"),
            )
        )
    return lines


def recompute_totals(po):
    lines = list(po.lines.all())
    po.subtotal = sum((line.amount for line in lines), ZERO)
    po.tax_amount = sum((line.tax for line in lines), ZERO)
    po.total = po.subtotal + po.tax_amount
    po.save(update_fields=["subtotal", "tax_amount", "total", "updated_at"])
    return po


def base_value(po):
    """What the thresholds compare: the order's net value in the organization's currency."""
    return to_base(po.subtotal, po.exchange_rate)


# --- drafting ----------------------------------------------------------------------------------
def create_purchase_order(
    *,
    actor,
    workspace,
    vendor=None,
    production=None,
    budget_line=None,
    currency=None,
    exchange_rate=None,
    expected_on=None,
    delivery_address="",
    terms="",
    notes="",
    lines=(),
):
    require(actor, "finance.add_purchaseorder", workspace, "Your role does not let you raise purchase orders here.")
    organization = workspace.organization
    _check_refs(workspace, vendor=vendor, production=production, budget_line=budget_line)
    code, rate = currency_and_rate(currency, exchange_rate, organization)
    built = build_lines(lines)
    with transaction.atomic():
        po = PurchaseOrder.objects.create(
            organization=organization,
            workspace=workspace,
            production=production,
            vendor=vendor,
            budget_line=budget_line,
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


def update_purchase_order(po, *, actor, lines=None, **header):
    """Change a draft: header fields given, and (a list of) lines replacing the old ones."""
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.change_purchaseorder", po, "You may not edit this purchase order.")
        if po.status not in EDITABLE_PO_STATUSES:
            raise InvalidTransition("Only draft purchase orders can be edited; return it to draft first.")
        refs = {k: header[k] for k in ("vendor", "production", "budget_line") if k in header}
        _check_refs(po.workspace, **refs)
        for key, value in refs.items():
            setattr(po, key, value)
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
            _replace_lines(po, build_lines(raws))
        record(
            po, actor=actor, verb="purchase_order.edited", data={"fields": sorted(header), "lines": lines is not None}
        )
    return po


def create_draft_from_advance(advance, items, *, vendor, budget_line, actor):
    """A draft order for an approved advance's "to buy" / "to hire" lines (their cost is
    already committed by the advance, so the order commits nothing more for them)."""
    raw = [
        {
            "catalog_item": item.catalog_item,
            "description": item.name,
            "quantity": item.quantity_to_fulfil,
            "unit": item.unit,
            "unit_price": item.unit_cost,
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
        number=next_po_number(advance.organization),
        currency=advance.currency,
        exchange_rate=rate,
        category=budget_line.category if budget_line else "",
        created_by=advance.reviewed_by or advance.submitter,
        notes=f"Drafted from advance #{advance.pk} {advance.activation_name}".strip(),
    )
    _replace_lines(po, build_lines(raw))
    record(
        po,
        actor=actor,
        verb="purchase_order.created",
        to_state=P.DRAFT,
        data={"advance": advance.pk, "lines": len(raw), "vendor": vendor.name if vendor else None},
    )
    return po


# --- the workflow -------------------------------------------------------------------------------
def submit_purchase_order(po, *, actor, note=""):
    """Send a draft for approval; above the threshold it will need two approvers."""
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.change_purchaseorder", po, "You may not submit this purchase order.")
        check_move(po, P.PENDING_APPROVAL, PO_TRANSITIONS, "purchase order")
        if po.vendor_id is None:
            raise FinanceInvalid("Choose the vendor before sending the order for approval.")
        if not po.lines.exists():
            raise FinanceInvalid("Add at least one line before sending the order for approval.")
        if po.budget_line_id is None:
            budget = budget_for(workspace=po.workspace, production=po.production)
            if budget is not None:
                from .spending import line_for_category

                po.budget_line = line_for_category(lock_budget(budget), po.category or None)
                po.category = po.budget_line.category
        settings = FinanceSettings.for_organization(po.organization)
        po.approvals_required = 2 if base_value(po) > settings.second_approval_threshold else 1
        po.submitted_at = timezone.now()
        _move(
            po,
            P.PENDING_APPROVAL,
            actor=actor,
            verb="purchase_order.submitted",
            note=note,
            fields=["approvals_required", "submitted_at", "budget_line", "category"],
            data={"value": str(base_value(po)), "approvals_required": po.approvals_required},
        )
        transaction.on_commit(lambda: _notify_approvers(po.pk))
    return po


def approve_purchase_order(po, *, actor, note=""):
    """One approval. Under the threshold it approves the order; above it, the first approval waits
    for a second, different approver. The approved order commits its money on the budget line."""
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.approve_purchaseorder", po, "Your role does not let you approve purchase orders.")
        check_move(po, P.APPROVED, PO_TRANSITIONS, "purchase order")
        if po.status != P.PENDING_APPROVAL:
            raise InvalidTransition("Only orders pending approval can be approved.")
        approvers = list(po.approvals.select_related("approver"))
        if any(a.approver_id == actor.pk for a in approvers):
            raise InvalidTransition(
                "You have already approved this order; it needs a second, different approver "
                f"(above {FinanceSettings.for_organization(po.organization).second_approval_threshold} "
                f"{po.organization.currency})."
            )
        PurchaseOrderApproval.objects.create(purchase_order=po, approver=actor, note=(note or "").strip())
        count = len(approvers) + 1
        if count < po.approvals_required:
            record(
                po,
                actor=actor,
                verb="purchase_order.first_approval",
                note=note,
                data={"approvals": count, "required": po.approvals_required},
            )
            return po
        po.approved_at = timezone.now()
        data = {"approvals": count, "approvers": [display_name(a.approver) for a in approvers] + [display_name(actor)]}
        _move(po, P.APPROVED, actor=actor, verb="purchase_order.approved", note=note, fields=["approved_at"], data=data)
        _commit(po, actor=actor)
    return po


def return_purchase_order(po, *, actor, note):
    """An approver sends a pending order back to draft (with the reason); its approvals lapse."""
    note = (note or "").strip()
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.approve_purchaseorder", po, "Your role does not let you return purchase orders.")
        check_move(po, P.DRAFT, PO_TRANSITIONS, "purchase order")
        if not note:
            raise FinanceInvalid("Say why the order goes back to draft.")
        po.approvals.all().delete()
        _move(po, P.DRAFT, actor=actor, verb="purchase_order.returned", note=note)
    return po


def send_purchase_order(po, *, actor, note=""):
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.change_purchaseorder", po, "You may not send this purchase order.")
        check_move(po, P.SENT, PO_TRANSITIONS, "purchase order")
        po.sent_at = timezone.now()
        _move(po, P.SENT, actor=actor, verb="purchase_order.sent", note=note, fields=["sent_at"])
    return po


def receive_purchase_order(po, *, actor, quantities, note=""):
    """Record what arrived: `quantities` is {line id: the line's new running total received}."""
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.change_purchaseorder", po, "You may not record deliveries on this order.")
        if po.status not in RECEIVABLE_PO_STATUSES:
            raise InvalidTransition("Deliveries are recorded on orders that were sent to the vendor.")
        lines = {line.pk: line for line in po.lines.all()}
        changed = []
        for key, value in quantities.items():
            line = lines.get(int(key)) if str(key).isdigit() else None
            if line is None:
                raise FinanceInvalid(f"Line {key} is not part of this order.")
            received = amount(value, f"“{line.description}”: the quantity received", maximum=MAX_QUANTITY)
            if received > line.quantity:
                raise FinanceInvalid(f"“{line.description}”: {line.quantity} were ordered; {received} is more.")
            if received < line.quantity_received:
                raise FinanceInvalid(
                    f"“{line.description}”: {line.quantity_received} are already recorded; send the new total."
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
            _move(po, target, actor=actor, verb="purchase_order.received", note=note, data={"lines": changed})
        else:
            record(po, actor=actor, verb="purchase_order.received", note=note, data={"lines": changed})
    return po


def close_purchase_order(po, *, actor, note=""):
    """Done with the order (or short-closed): the commitment still open is released."""
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.change_purchaseorder", po, "You may not close this purchase order.")
        check_move(po, P.CLOSED, PO_TRANSITIONS, "purchase order")
        po.closed_at = timezone.now()
        _move(po, P.CLOSED, actor=actor, verb="purchase_order.closed", note=note, fields=["closed_at"])
        sync_purchase_order(po, actor=actor)
    return po


def cancel_purchase_order(po, *, actor, note=""):
    with transaction.atomic():
        po = _lock(po)
        require(actor, "finance.change_purchaseorder", po, "You may not cancel this purchase order.")
        check_move(po, P.CANCELLED, PO_TRANSITIONS, "purchase order")
        if po.status in (P.APPROVED, P.SENT) and not (note or "").strip():
            raise FinanceInvalid("Say why an order already approved is cancelled (the vendor may need to know).")
        po.closed_at = timezone.now()
        _move(po, P.CANCELLED, actor=actor, verb="purchase_order.cancelled", note=note, fields=["closed_at"])
        sync_purchase_order(po, actor=actor)
    return po


def cancel_for_advance(po, *, actor, advance):
    """The advance was rejected or cancelled: its order still in draft or pending goes too."""
    po.closed_at = timezone.now()
    _move(
        po,
        P.CANCELLED,
        actor=actor,
        verb="purchase_order.cancelled",
        fields=["closed_at"],
        note=f"Advance #{advance.pk} was {advance.get_status_display().lower()}.",
    )
    return po


def sync_purchase_order(po, *, actor, memo=""):
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
                f"Approving {po.number} would take {line.label} over budget: {line.figures.remaining} "
                f"{po.organization.currency} left, this needs {adds}. Raise the plan first."
            )
        record(po, actor=actor, verb="purchase_order.over_budget", data={"lines": [line.label for line, _ in over]})
    return post(SOURCE, desired, actor=actor, memo=f"{po.number} approved", changes=changes)


def _lock(po):
    locked = PurchaseOrder.objects.select_for_update(of=("self",)).select_related("organization", "workspace")
    return locked.get(pk=po.pk)


def _move(po, to_status, *, actor, verb, note="", data=None, fields=()):
    from_status = po.status
    po.status = to_status
    po.save(update_fields=["status", "updated_at", *fields])
    return record(
        po, actor=actor, verb=verb, from_state=from_status, to_state=to_status, note=(note or "").strip(), data=data
    )


def _replace_lines(po, lines):
    po.lines.all().delete()
    for line in lines:
        line.purchase_order = po
    PurchaseOrderLine.objects.bulk_create(lines)
    recompute_totals(po)


def _check_refs(workspace, *, vendor=None, production=None, budget_line=None):
    if vendor is not None and (vendor.workspace_id != workspace.pk or not isinstance(vendor, Company)):
        raise FinanceInvalid("Pick a vendor of this workspace.")
    if production is not None and production.workspace_id != workspace.pk:
        raise FinanceInvalid("Pick a production of this workspace.")
    if budget_line is not None and budget_line.budget.workspace_id != workspace.pk:
        raise FinanceInvalid("Pick a budget line of this workspace.")


def approvers_of(po):
    """Active members who may approve the order (by role in its workspace or by grant)."""
    User = get_user_model()
    members = (
        User.objects.filter(
            Q(memberships__workspace_id=po.workspace_id)
            | Q(memberships__organization_id=po.organization_id, memberships__workspace__isnull=True),
            active_q("memberships__"),
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    return [u for u in members if u.has_perm("finance.approve_purchaseorder", po)]


def _notify_approvers(po_id):
    from ..tasks import notify_purchase_order_approvers

    notify_purchase_order_approvers.delay(po_id)


def may_approve(user, po):
    try:
        require(user, "finance.approve_purchaseorder", po, "")
    except PermissionDenied:
        return False
    return po.status == P.PENDING_APPROVAL and not po.approvals.filter(approver=user).exists()
