"""Invoices from vendors (payable) and to clients (receivable), their payments, and the
nightly overdue check. A payable invoice's payments are actual cost on its budget line."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.formatting import money
from people.privacy import can_see_personal_data

from ..errors import Conflict, FinanceInvalid
from ..models import (
    Invoice,
    InvoiceDirection,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    PaymentMethod,
    SpendingSource,
)
from ..models.invoices import OPEN_STATUSES
from ..money import MAX_QUANTITY, ZERO, amount, currency_and_rate, line_amounts, tax_rate
from ..terms import AgreedTerms, terms_for
from ._common import move, record, require
from .spending import budget_for, desired_for_invoice, line_for_category, lock_budget, post

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace
    from people.models import Person
    from productions.models import Production

    from ..models import BudgetLine, Company, PurchaseOrder, SpendingEntry
    from ..money import Number

I = InvoiceStatus  # noqa: E741
SOURCE = SpendingSource.INVOICE
MAX_LINES = 200
FREELANCER_TERMS_DAYS = 30  # a crew record carries no payment terms; a company's default


def create_invoice(
    *,
    actor: User,
    workspace: Workspace,
    company: Company | None = None,
    payee: Person | None = None,
    direction: str = InvoiceDirection.PAYABLE,
    number: str | None = "",
    issue_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    currency: str | None = None,
    exchange_rate: Number | None = None,
    production: Production | None = None,
    purchase_order: PurchaseOrder | None = None,
    budget_line: BudgetLine | None = None,
    notes: str | None = "",
    lines: Iterable[Mapping[str, Any]] = (),
) -> Invoice:
    require(actor, "finance.add_invoice", workspace, _("Your role does not let you record invoices here."))
    _require_rate_reader(actor, payee)
    lines = list(lines)
    agreed = agreed_terms(workspace, company, direction, issue_date) if not lines else None
    if agreed is not None:  # a vendor under contract: the draft starts at the agreed rate
        lines, currency = [agreed.line()], currency or agreed.currency
    fields = _clean_header(
        workspace,
        company=company,
        payee=payee,
        direction=direction,
        number=number,
        issue_date=issue_date,
        due_date=due_date,
        currency=currency,
        exchange_rate=exchange_rate,
        production=production,
        purchase_order=purchase_order,
        budget_line=budget_line,
    )
    built = build_lines(lines, purchase_order=fields["purchase_order"])
    with transaction.atomic():
        if not fields["number"]:
            fields["number"] = _next_receivable_number(workspace, fields["issue_date"])
        _refuse_number_clash(fields)
        invoice = Invoice.objects.create(workspace=workspace, created_by=actor, notes=(notes or "").strip(), **fields)
        _replace_lines(invoice, built)
        record(
            invoice,
            actor=actor,
            verb="invoice.created",
            to_state=I.DRAFT,
            data={"direction": direction, "total": str(invoice.total)},
        )
    return invoice


def update_invoice(
    invoice: Invoice, *, actor: User, lines: Iterable[Mapping[str, Any]] | None = None, **changes: Any
) -> Invoice:
    with transaction.atomic():
        invoice = _lock(invoice)
        require(actor, "finance.change_invoice", invoice, _("You may not change this invoice."))
        if invoice.status != I.DRAFT:
            raise Conflict(_("Only draft invoices can be changed."))
        current = {
            k: getattr(invoice, k)
            for k in (
                "direction",
                "number",
                "issue_date",
                "due_date",
                "currency",
                "exchange_rate",
                "production",
                "purchase_order",
                "budget_line",
            )
        }
        current["company"], current["payee"] = invoice.company, invoice.payee
        if "currency" in changes and "exchange_rate" not in changes:
            current["exchange_rate"] = None
        current.update({k: v for k, v in changes.items() if k != "notes"})  # notes are not the header's
        _require_rate_reader(actor, current["payee"])
        fields = _clean_header(invoice.workspace, **current)
        _refuse_number_clash(fields, exclude=invoice.pk)
        for key, value in fields.items():
            setattr(invoice, key, value)
        if "notes" in changes:
            invoice.notes = (changes["notes"] or "").strip()
        invoice.save()
        if lines is not None:
            built = build_lines(lines, purchase_order=invoice.purchase_order)
            _carry_time_entries(invoice, built)
            _replace_lines(invoice, built)
        record(invoice, actor=actor, verb="invoice.edited", data={"changed": sorted(changes)})
    return invoice


def send_invoice(invoice: Invoice, *, actor: User, note: str = "") -> Invoice:
    """Receivable: sent to the client. Payable: entered for payment. Either way it now falls due."""
    require(actor, "finance.change_invoice", invoice, _("You may not send this invoice."))

    def send(locked: Invoice) -> None:
        if not locked.lines.exists() or locked.total <= 0:
            raise FinanceInvalid(_("Add the invoice's lines first."))
        if locked.is_payable and locked.budget_line_id is None:
            budget = budget_for(workspace=locked.workspace, production=locked.production)
            # purchase_order_id set means purchase_order is a row: the checker does not link the two.
            if locked.purchase_order_id and locked.purchase_order.budget_line_id:  # type: ignore[union-attr]
                locked.budget_line_id = locked.purchase_order.budget_line_id  # type: ignore[union-attr]
            elif budget is not None:
                locked.budget_line = line_for_category(lock_budget(budget), None)
        locked.sent_at = timezone.now()

    return _move(
        invoice, I.SENT, actor=actor, verb="invoice.sent", note=note, prepare=send, fields=["sent_at", "budget_line"]
    )


def void_invoice(invoice: Invoice, *, actor: User, note: str | None) -> Invoice:
    require(actor, "finance.change_invoice", invoice, _("You may not void this invoice."))
    note = (note or "").strip()

    def void(locked: Invoice) -> None:
        if locked.amount_paid > 0:
            raise FinanceInvalid(_("Payments were recorded on this invoice; it cannot be voided."))
        if not note:
            raise FinanceInvalid(_("Say why the invoice is void."))
        # The time a void freelancer's invoice billed may be invoiced again.
        locked.lines.filter(time_entry__isnull=False).update(time_entry=None)

    return _move(invoice, I.VOID, actor=actor, verb="invoice.voided", note=note, prepare=void)


def record_payment(
    invoice: Invoice,
    *,
    actor: User,
    amount_paid: Number,
    paid_on: datetime.date | None = None,
    method: str = PaymentMethod.BANK_TRANSFER,
    reference: str | None = "",
) -> Payment:
    """A payment against an invoice, in its currency: partially paid, then paid. A payable
    invoice's payments become actual cost (and release its purchase order's commitment)."""
    require(actor, "finance.add_payment", invoice, _("Your role does not let you record payments."))
    with transaction.atomic():
        invoice = _lock(invoice)
        # Only an invoice that may still become paid takes a payment (not a draft, void or paid one).
        Invoice.workflow.check(invoice, I.PAID, actor=actor)
        value = amount(amount_paid, _("The payment"), allow_zero=False)
        if value > invoice.balance:
            left, asked = money(invoice.balance, invoice.currency), money(value, invoice.currency)
            raise FinanceInvalid(_("Only %(left)s is left to pay; %(asked)s is more.") % {"left": left, "asked": asked})
        if method not in PaymentMethod.values:
            raise FinanceInvalid(_("Pick how it was paid."))
        paid_on = paid_on or timezone.localdate()
        if paid_on > timezone.localdate() + datetime.timedelta(days=1):
            raise FinanceInvalid(_("A payment cannot be dated in the future."))
        payment = Payment.objects.create(
            invoice=invoice,
            amount=value,
            paid_on=paid_on,
            method=method,
            reference=(reference or "").strip()[:120],
            recorded_by=actor,
        )
        paid = invoice.amount_paid + value
        if paid >= invoice.total:
            target = I.PAID
        elif invoice.due_date < timezone.localdate():
            target = I.OVERDUE
        else:
            target = I.PARTIALLY_PAID

        def pay(locked: Invoice) -> None:
            locked.amount_paid = paid
            if target == I.PAID:
                locked.paid_at = timezone.now()

        data = {"payment": payment.pk, "amount": str(value), "paid": str(paid)}
        if target != invoice.status:
            # The row is locked above: the balance was read under that lock.
            invoice = _move(
                invoice,
                target,
                actor=actor,
                verb="invoice.payment_recorded",
                prepare=pay,
                fields=["amount_paid", "paid_at"],
                data=data,
                lock=False,
            )
        else:
            pay(invoice)
            invoice.save(update_fields=["amount_paid", "paid_at", "updated_at"])
            record(invoice, actor=actor, verb="invoice.payment_recorded", data=data)
        sync_invoice(invoice, actor=actor)
    return payment


def record_refund(
    payment: Payment,
    *,
    actor: User,
    amount_refunded: Number,
    reference: str | None = "",
    note: str = "",
) -> Payment:
    """Part or all of a payment given back (a card refund): the invoice owes that again, and moves
    back from paid to partially paid, sent or overdue; a payable invoice's actual cost comes down.
    Refunding more than is left of the payment is refused and changes nothing."""
    require(actor, "finance.add_payment", payment.invoice, _("Your role does not let you record payments."))
    with transaction.atomic():
        invoice = _lock(payment.invoice)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        value = amount(amount_refunded, _("The refund"), allow_zero=False)
        left = payment.amount - payment.refunded
        if value > left:
            raise FinanceInvalid(
                _("Only %(left)s of this payment is left to refund; %(asked)s is more.")
                % {"left": money(left, invoice.currency), "asked": money(value, invoice.currency)}
            )
        payment.refunded += value
        payment.save(update_fields=["refunded"])
        paid = invoice.amount_paid - value
        target = I.OVERDUE if invoice.due_date < timezone.localdate() else I.PARTIALLY_PAID if paid > 0 else I.SENT

        def refund(locked: Invoice) -> None:
            locked.amount_paid = paid
            locked.paid_at = None

        data = {"payment": payment.pk, "refunded": str(value), "paid": str(paid), "reference": (reference or "")[:120]}
        verb = "invoice.refund_recorded"
        if target != invoice.status:
            fields = ["amount_paid", "paid_at"]
            invoice = _move(
                invoice, target, actor=actor, verb=verb, note=note, prepare=refund, fields=fields, data=data, lock=False
            )
        else:
            refund(invoice)
            invoice.save(update_fields=["amount_paid", "paid_at", "updated_at"])
            record(invoice, actor=actor, verb=verb, note=note, data=data)
        sync_invoice(invoice, actor=actor)
        from ..notifications import notify_refund

        notify_refund(invoice, payment, value)
    return payment


def sync_invoice(invoice: Invoice, *, actor: User | None) -> list[SpendingEntry]:
    """Bring the invoice's actual cost (and its order's commitment) to what the payments say."""
    desired = desired_for_invoice(invoice)
    if invoice.budget_line_id:  # so budget_line is a row (the checker does not link the two)
        lock_budget(invoice.budget_line.budget)  # type: ignore[union-attr]
    entries = post(SOURCE, desired, actor=actor, memo=f"Invoice {invoice.number} payment")
    if invoice.purchase_order_id:  # so purchase_order is a row (the checker does not link the two)
        from .procurement import sync_purchase_order

        order = invoice.purchase_order
        entries += sync_purchase_order(order, actor=actor, memo=f"Invoice {invoice.number} paid")  # type: ignore[arg-type]
    return entries


def mark_overdue_invoices(*, today: datetime.date | None = None) -> int:
    """Sent or partially paid invoices past their due date become overdue. Safe to run twice."""
    today = today or timezone.localdate()
    moved = 0
    candidates = list(Invoice.objects.filter(status__in=OPEN_STATUSES, due_date__lt=today).values_list("pk", flat=True))
    for pk in candidates:
        with transaction.atomic():
            # Locked by the query that picks it: paid since the list was read, it is skipped.
            invoice = (
                Invoice.objects.select_for_update().filter(pk=pk, status__in=OPEN_STATUSES, due_date__lt=today).first()
            )
            if invoice is None:
                continue
            days = (today - invoice.due_date).days
            _move(
                invoice,
                I.OVERDUE,
                actor=None,
                verb="invoice.overdue",
                note=f"Due {invoice.due_date.isoformat()}, {days} day(s) ago.",
                data={"balance": str(invoice.balance)},
                lock=False,
            )
            moved += 1
    return moved


def agreed_terms(
    workspace: Workspace, company: Company | None, direction: str, day: datetime.date | None
) -> AgreedTerms | None:
    """The terms agreed with a vendor of this workspace on `day` (finance.terms: a signed contract's),
    which a payable invoice without lines starts from; None for a client's invoice or no agreement."""
    if company is None or company.workspace_id != workspace.pk or direction != InvoiceDirection.PAYABLE:
        return None
    return terms_for(company, day or timezone.localdate())


def build_lines(
    raw_lines: Iterable[Mapping[str, Any]], *, purchase_order: PurchaseOrder | None = None
) -> list[InvoiceLine]:
    raw_lines = list(raw_lines)
    if len(raw_lines) > MAX_LINES:
        raise FinanceInvalid(_("An invoice holds at most %(max_lines)s lines.") % {"max_lines": MAX_LINES})
    po_lines = {line.pk: line for line in purchase_order.lines.all()} if purchase_order is not None else {}
    built = []
    for position, raw in enumerate(raw_lines, start=1):
        description = (raw.get("description") or "").strip()
        label = (
            _("Line %(number)s (%(description)s)") % {"number": position, "description": description}
            if description
            else _("Line %(number)s") % {"number": position}
        )
        if not description:
            raise FinanceInvalid(_("%(label)s: describe what is invoiced.") % {"label": label})
        quantity = amount(
            raw.get("quantity") or 1,
            _("%(label)s: the quantity") % {"label": label},
            maximum=MAX_QUANTITY,
            allow_zero=False,
        )
        unit_price = amount(raw.get("unit_price") or 0, _("%(label)s: the unit price") % {"label": label})
        rate = tax_rate(raw.get("tax_rate"), _("%(label)s: the tax rate") % {"label": label})
        po_line = raw.get("purchase_order_line")
        if po_line is not None:
            po_line = po_lines.get(getattr(po_line, "pk", po_line))
            if po_line is None:
                raise FinanceInvalid(
                    _("%(label)s: that order line is not on the invoice's purchase order.") % {"label": label}
                )
        net, tax = line_amounts(quantity, unit_price, rate)
        built.append(
            InvoiceLine(
                description=description[:300],
                quantity=quantity,
                unit_price=unit_price,
                tax_rate=rate,
                amount=net,
                tax=tax,
                purchase_order_line=po_line,
                time_entry=raw.get("time_entry"),  # only the freelancer's invoice service sets one
                position=position,
            )
        )
    return built


def _carry_time_entries(invoice: Invoice, built: list[InvoiceLine]) -> None:
    """An edited line keeps the time entry it bills while its description stays; a removed line's
    entry may be invoiced again."""
    billed = dict(invoice.lines.filter(time_entry__isnull=False).values_list("description", "time_entry_id"))
    for line in built:
        if line.time_entry_id is None and line.description in billed:
            line.time_entry_id = billed.pop(line.description)


def _replace_lines(invoice, lines):
    invoice.lines.all().delete()
    for line in lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create(lines)
    invoice.subtotal = sum((line.amount for line in lines), ZERO)
    invoice.tax_amount = sum((line.tax for line in lines), ZERO)
    invoice.total = invoice.subtotal + invoice.tax_amount
    invoice.save(update_fields=["subtotal", "tax_amount", "total", "updated_at"])


def _refuse_number_clash(fields: dict[str, Any], *, exclude: int | None = None) -> None:
    party = {"payee": fields["payee"]} if fields["payee"] is not None else {"company": fields["company"]}
    clash = Invoice.objects.filter(**party, direction=fields["direction"], number=fields["number"])
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise FinanceInvalid(
            _("%(company)s already has an invoice numbered %(number)s.")
            % {"company": fields["payee"] or fields["company"], "number": fields["number"]}
        )


def _require_rate_reader(actor: User, payee: Person | None) -> None:
    """A freelancer's invoice shows their rate, personal data: only who may read it writes one."""
    if payee is not None and not can_see_personal_data(actor, payee):
        raise PermissionDenied(_("Your role does not see this freelancer's rates."))


def _clean_party(workspace, company, payee, direction):
    if company is not None and payee is not None:
        raise FinanceInvalid(_("An invoice is from a company or from a freelancer, not both: pick one."))
    if payee is not None:
        if payee.workspace_id != workspace.pk:
            raise FinanceInvalid(_("Pick a freelancer of this workspace."))
        if direction != InvoiceDirection.PAYABLE:
            raise FinanceInvalid(_("A freelancer's invoice is one we pay (from a vendor)."))
        return FREELANCER_TERMS_DAYS
    if company is None or company.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a company or a freelancer of this workspace."))
    return company.payment_terms_days


def _clean_header(
    workspace,
    *,
    company,
    payee,
    direction,
    number,
    issue_date,
    due_date,
    currency,
    exchange_rate,
    production,
    purchase_order,
    budget_line,
):
    if direction not in InvoiceDirection.values:
        raise FinanceInvalid(_("Say whether the invoice is from a vendor or to a client."))
    terms_days = _clean_party(workspace, company, payee, direction)
    number = (number or "").strip()
    if direction == InvoiceDirection.PAYABLE and not number:
        raise FinanceInvalid(_("Enter the vendor's invoice number."))
    if len(number) > 60:
        raise FinanceInvalid(_("The invoice number takes at most 60 characters."))
    issue_date = issue_date or timezone.localdate()
    due_date = due_date or issue_date + datetime.timedelta(days=terms_days)
    if due_date < issue_date:
        raise FinanceInvalid(
            _("The due date must be on or after the issue date (%(issue_date)s).")
            % {"issue_date": format(issue_date, "%d %b %Y")}
        )
    if production is not None and production.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a production of this workspace."))
    if purchase_order is not None:
        if purchase_order.workspace_id != workspace.pk:
            raise FinanceInvalid(_("Pick a purchase order of this workspace."))
        if direction != InvoiceDirection.PAYABLE or company is None or purchase_order.vendor_id != company.pk:
            raise FinanceInvalid(_("Only the order's vendor invoices against a purchase order."))
        production = production or purchase_order.production
        budget_line = budget_line or purchase_order.budget_line
    if budget_line is not None and budget_line.budget.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a budget line of this workspace."))
    code, rate = currency_and_rate(currency, exchange_rate, workspace.organization)
    return {
        "company": company,
        "payee": payee,
        "direction": direction,
        "number": number,
        "issue_date": issue_date,
        "due_date": due_date,
        "currency": code,
        "exchange_rate": rate,
        "production": production,
        "purchase_order": purchase_order,
        "budget_line": budget_line,
    }


def _next_receivable_number(workspace, issue_date):
    year = issue_date.year
    taken = Invoice.objects.filter(
        workspace__organization_id=workspace.organization_id,
        direction=InvoiceDirection.RECEIVABLE,
        number__startswith=f"INV-{year}-",
    ).count()
    return f"INV-{year}-{taken + 1:04d}"


LOCK_RELATED = ("workspace__organization", "company", "payee")


def _lock(invoice):
    return Invoice.objects.select_for_update(of=("self",)).select_related(*LOCK_RELATED).get(pk=invoice.pk)


def _move(invoice, to_status, **options):
    options.setdefault("related", LOCK_RELATED)
    return move(invoice, to_status, **options)
