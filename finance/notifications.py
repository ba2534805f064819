"""Who hears about finance, and what they read.

Finance's services publish domain events; the subscribers below (registered in
FinanceConfig.ready()) hear of them once the change is committed and queue a task, which
re-reads what it needs and tells people through `notify()`. Each notification is keyed by
what happened, so a task that runs twice tells nobody twice:

- `po.submitted`: who may approve the order hears that it waits for them;
- `budget.spending_changed`, `budget.line_saved`: the budget's owner (and the line's owner)
  hear once when a line passes 80 % and once when it passes 100 % of its plan;
- `invoice.overdue`: who entered the invoice hears it fell overdue;
- a refund (`record_refund`, told in its transaction): who records the invoice's payments hears it;
- `rfq.awarded`, `rfq.closed`: every bidder (their Merchant logins and who entered the bid) hears
  whether their bid won or was declined;
- nightly (beat): who may manage a vendor agreement hears once when it nears its end.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragonfly.core.events import subscribe
from dragonfly.core.formatting import money
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import users_with_perm

from .models import Bid, BidStatus, Contact, Invoice, InvoiceStatus, PurchaseOrder, PurchaseOrderStatus
from .money import percent


# --- the subscribers (after commit) -------------------------------------------------------------
@subscribe("po.submitted")
def order_waits_for_approval(event):
    from .tasks import notify_purchase_order_approvers

    notify_purchase_order_approvers.delay(event.object_id)


@subscribe("budget.spending_changed")
@subscribe("budget.line_saved")
def budget_lines_moved(event):
    from .tasks import check_budget_alerts

    check_budget_alerts.delay(event.data["lines"])


@subscribe("invoice.overdue")
def invoice_fell_overdue(event):
    from .tasks import notify_overdue_invoice

    notify_overdue_invoice.delay(event.object_id)


@subscribe("rfq.awarded")
@subscribe("rfq.closed")
def request_for_quote_decided(event):
    from .tasks import notify_bidders

    notify_bidders.delay(event.object_id)


# --- what they are told ---------------------------------------------------------------------------
def notify_approvers(po_id):
    """Tell who may approve an order (not who drafted it) that it waits for them."""
    from .services.procurement import approvers_of, base_value

    po = (
        PurchaseOrder.objects.select_related("workspace", "organization", "vendor", "created_by")
        .filter(pk=po_id)
        .first()
    )
    if po is None or po.status != PurchaseOrderStatus.PENDING_APPROVAL:
        return []
    stamp = po.submitted_at.isoformat() if po.submitted_at else ""
    return notify(
        [user for user in approvers_of(po) if user.pk != po.created_by_id],
        kind="purchase_order.approval",
        # Callables: worded in each recipient's language, whoever submitted the order.
        title=lambda: (
            _("%(number)s (%(vendor)s) waits for approval")
            % {"number": po.number, "vendor": po.vendor or _("no vendor")}
        ),
        body=lambda: (
            (_("%(amount)s net — needs two approvers.") if po.approvals_required > 1 else _("%(amount)s net."))
            % {"amount": money(base_value(po), po.organization.currency)}
        ),
        url=reverse("finance:purchase_order", args=[po.pk]),
        workspace=po.workspace,
        trigger="finance.purchase_order.submitted",
        action="finance.purchase_order.review",
        dedupe_key=f"po:{po.pk}:submitted:{stamp}",
    )


def alert_recipients(line):
    budget = line.budget
    people = [budget.owner or budget.created_by, line.owner]
    seen, recipients = set(), []
    for person in people:
        if person is not None and person.is_active and person.pk not in seen:
            seen.add(person.pk)
            recipients.append(person)
    return recipients


def send_budget_alerts(line_ids):
    """The alerts the lines have earned (each delivered once, whatever the number of runs)."""
    from .services.spending import crossed, lines_over

    sent = []
    for line, spent, planned in lines_over(line_ids):
        for level in crossed(spent, planned):
            used = percent(spent, planned)
            currency = line.budget.currency
            figures = {"spent": money(spent, currency), "planned": money(planned, currency), "used": used}
            sent += notify(
                alert_recipients(line),
                kind="budget.alert",
                # Callables: worded in each recipient's language (bound now: the loop moves on).
                title=lambda line=line, level=level: _budget_title(line, level),
                body=lambda figures=figures: (
                    (
                        _("%(spent)s of %(planned)s committed or spent (%(used)s %%).")
                        if figures["used"] is not None
                        else _("%(spent)s of %(planned)s committed or spent.")
                    )
                    % figures
                ),
                url=reverse("finance:budget", args=[line.budget_id]),
                workspace=line.budget.workspace,
                trigger=f"finance.budget.alert_{level}",
                action="finance.budget.notify_owner",
                dedupe_key=f"budget-line:{line.pk}:{level}",
            )
    return sent


def _budget_title(line, level):
    names = {"name": line.budget.name, "label": line.label, "level": level}
    if level >= 100:
        return _("%(name)s: %(label)s is over budget") % names
    return _("%(name)s: %(label)s has used %(level)s %% of its budget") % names


def notify_overdue(invoice_id):
    """Tell who entered an invoice that it is overdue (an invoice nobody entered: who may pay it)."""
    invoice = (
        Invoice.objects.select_related("workspace", "company", "payee", "created_by").filter(pk=invoice_id).first()
    )
    if invoice is None or invoice.status != InvoiceStatus.OVERDUE:
        return []
    creator = invoice.created_by
    if creator is not None:
        recipients = [creator] if creator.is_active and creator.has_perm("finance.view_invoice", invoice) else []
    else:
        recipients = users_with_perm("finance.add_payment", invoice)
    return notify(
        recipients,
        kind="invoice.overdue",
        # Callables: worded in each recipient's language.
        title=lambda: (
            _("Invoice %(number)s (%(company)s) is overdue") % {"number": invoice.number, "company": invoice.party_name}
        ),
        body=lambda: (
            _("%(amount)s was due on %(due_date)s.")
            % {"amount": money(invoice.balance, invoice.currency), "due_date": date_format(invoice.due_date, "d M Y")}
        ),
        url=reverse("finance:invoice", args=[invoice.pk]),
        workspace=invoice.workspace,
        trigger="finance.invoice.overdue",
        action="finance.invoice.pay",
        dedupe_key=f"invoice:{invoice.pk}:overdue:{invoice.due_date.isoformat()}",
    )


def notify_refund(invoice, payment, value):
    """Tell who records the invoice's payments that part of one was given back (it is owed again)."""
    return notify(
        users_with_perm("finance.add_payment", invoice),
        kind="general",  # its own kind would need a migration of the core's notifications
        title=lambda: _("Payment on %(number)s refunded") % {"number": invoice.number},
        body=lambda: (
            _("%(amount)s of a payment was refunded; %(balance)s is open again.")
            % {"amount": money(value, invoice.currency), "balance": money(invoice.balance, invoice.currency)}
        ),
        url=reverse("finance:invoice", args=[invoice.pk]),
        workspace=invoice.workspace,
        trigger="finance.invoice.refund_recorded",
        dedupe_key=f"invoice:{invoice.pk}:refund:{payment.pk}:{payment.refunded}",
    )


def bidders_of(bid):
    """Who hears of a bid's outcome: the company's Merchant logins and whoever entered the bid."""
    people = [contact.user for contact in Contact.objects.filter(company_id=bid.company_id, user__isnull=False)]
    people.append(bid.submitted_by)
    seen, recipients = set(), []
    for person in people:
        if (
            person is not None
            and person.is_active
            and person.pk not in seen
            and person.has_perm("finance.view_bid", bid)
        ):
            seen.add(person.pk)
            recipients.append(person)
    return recipients


def notify_bid_outcomes(rfq_id):
    """Tell each bidder of a decided request whether their bid won or was declined (once per bid)."""
    bids = Bid.objects.filter(rfq_id=rfq_id, status__in=[BidStatus.AWARDED, BidStatus.DECLINED]).select_related(
        "rfq__workspace", "company", "submitted_by"
    )
    sent = []
    for bid in bids:
        won = bid.status == BidStatus.AWARDED
        sent += notify(
            bidders_of(bid),
            kind="bid.decided",
            # Callables: worded in each recipient's language (bound now: the loop moves on).
            title=lambda bid=bid, won=won: (
                (_("Your bid on “%(title)s” was accepted") if won else _("Your bid on “%(title)s” was declined"))
                % {"title": bid.rfq.title}
            ),
            body=lambda bid=bid: (
                _("%(company)s bid %(amount)s.")
                % {"company": bid.company, "amount": money(bid.total, bid.rfq.currency)}
            ),
            url=reverse("finance:bid", args=[bid.pk]),
            workspace=bid.rfq.workspace,
            trigger=f"finance.bid.{bid.status}",
            action="finance.bid.decided",
            dedupe_key=f"bid:{bid.pk}:{bid.status}",
        )
    return sent


def remind_expiring_agreements(today=None):
    """Tell who may manage each agreement near its end that it is time to renew (once per end date)."""
    from .services.agreements import expiring_agreements

    sent = []
    for agreement in expiring_agreements(today):
        sent += notify(
            users_with_perm("finance.change_agreement", agreement),
            kind="agreement.renewal",
            title=lambda agreement=agreement: (
                _("The agreement “%(title)s” with %(vendor)s ends on %(date)s")
                % {
                    "title": agreement.title,
                    "vendor": agreement.vendor,
                    "date": date_format(agreement.valid_to, "d M Y"),
                }
            ),
            body=lambda: _("Renew it, or agree new rates, before purchase orders can no longer cite it."),
            url=reverse("finance:agreement", args=[agreement.pk]),
            workspace=agreement.workspace,
            trigger="finance.agreement.renewal_due",
            action="finance.agreement.renew",
            dedupe_key=f"agreement:{agreement.pk}:renewal:{agreement.valid_to.isoformat()}",
        )
    return sent
