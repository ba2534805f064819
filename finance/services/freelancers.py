"""A freelancer's invoice from their approved time: one line per approved time entry not yet on an
invoice, at the rate agreed for its day (`people.rates`: a signed or active contract's, plugged in
by jobs). The entry's link on the line (unique) marks it invoiced, so no time is billed twice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Person, TimeEntry, TimeStatus
from people.rates import rate_on

from ..errors import FinanceInvalid
from ..models import Invoice, InvoiceDirection
from ._common import require
from .invoices import _require_rate_reader, create_invoice

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from ..money import Number

# A flat fee is not paid per entry: its time stays out of these invoices.
BILLED_UNITS = ("hour", "day")


def uninvoiced_time(person: Person, *, since: datetime.date | None = None, until: datetime.date | None = None) -> Any:
    """The person's approved time entries (in their crew record's workspace) on no invoice line yet."""
    entries = TimeEntry.objects.filter(
        person=person, workspace_id=person.workspace_id, status=TimeStatus.APPROVED, invoice_lines__isnull=True
    )
    if since is not None:
        entries = entries.filter(work_date__gte=since)
    if until is not None:
        entries = entries.filter(work_date__lte=until)
    return entries.select_related("production", "event").order_by("work_date", "id")


def invoice_approved_time(
    person: Person,
    *,
    actor: User,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    issue_date: datetime.date | None = None,
    exchange_rate: Number | None = None,
) -> Invoice:
    """Draft the freelancer's payable invoice for their approved, not yet invoiced time between
    `since` and `until` (one line per entry: its hours at an hourly rate, one day at a day rate)."""
    workspace = person.workspace
    require(actor, "finance.add_invoice", workspace, _("Your role does not let you record invoices here."))
    _require_rate_reader(actor, person)
    issue_date = issue_date or timezone.localdate()
    with transaction.atomic():
        # One run per freelancer at a time: a second waits, then finds the entries invoiced.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        lines, currency = [], None
        for entry in uninvoiced_time(person, since=since, until=until):
            rate = rate_on(person, entry.work_date)
            if rate is None or rate.unit not in BILLED_UNITS or (rate.unit == "hour" and not entry.hours):
                continue
            if currency not in (None, rate.currency):
                raise FinanceInvalid(_("The time is agreed in more than one currency; invoice each contract's dates."))
            currency = rate.currency
            lines.append(_line(entry, rate.unit, rate.rate))
        if not lines:
            raise FinanceInvalid(
                _("%(person)s has no approved time left to invoice at a contract's rate.") % {"person": person}
            )
        taken = Invoice.objects.filter(payee=person, direction=InvoiceDirection.PAYABLE).count()
        return create_invoice(
            actor=actor,
            workspace=workspace,
            payee=person,
            number=f"TIME-{issue_date:%Y%m%d}-{taken + 1}",
            issue_date=issue_date,
            currency=currency,
            exchange_rate=exchange_rate,
            lines=lines,
        )


def _line(entry: TimeEntry, unit: str, rate: Decimal) -> dict[str, Any]:
    quantity = entry.hours if unit == "hour" else Decimal("1")
    where = f" · {entry.where}" if entry.where else ""
    description = _("Time on %(day)s (%(hours)s h)%(where)s") % {
        "day": entry.work_date.isoformat(),
        "hours": entry.hours,
        "where": where,
    }
    return {"description": description, "quantity": quantity, "unit_price": rate, "time_entry": entry}
