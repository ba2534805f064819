"""Requests for quote and bids: a need (lines from an approved advance, or written freely) goes to
invited companies, each bids a price per line until a date; awarding one bid drafts the purchase
order from its lines (through the purchase order services) and declines the others, whose bidders
hear of it from the `rfq.awarded` / `rfq.closed` subscribers (finance/notifications.py)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.files.services import store_upload
from dragonfly.tenancy.access import local_today, role_in_workspace
from dragonfly.tenancy.roles import Role

from ..errors import Conflict, FinanceInvalid
from ..merchants import company_of_merchant
from ..models import Bid, BidLine, BidStatus, Company, RequestForQuote, RfqLine, RfqStatus
from ..money import MAX_QUANTITY, ZERO, amount, line_amounts
from ._common import move, record, require
from .procurement import create_purchase_order

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from advancing.models import Advance, AdvanceItem
    from dragonfly.files.models import Attachment
    from dragonfly.tenancy.models import Workspace
    from productions.models import Production

    from ..models import PurchaseOrder

R, B = RfqStatus, BidStatus
MAX_LINES = 200
# An advance's lines may be asked for once it is approved (and until it is fulfilled).
ADVANCE_STATUSES = ("approved", "in_progress")


# --- the request -------------------------------------------------------------------------------
def create_rfq(
    *,
    actor: User,
    workspace: Workspace,
    title: str | None,
    description: str | None = "",
    production: Production | None = None,
    respond_by: datetime.date | None = None,
    invited: Iterable[Company] = (),
    lines: Iterable[Mapping[str, Any]] = (),
    advance: Advance | None = None,
) -> RequestForQuote:
    """A draft request for quote: the lines to price and the companies asked to bid."""
    require(actor, "finance.add_requestforquote", workspace, _("Your role does not let you ask for quotes here."))
    title = _title(title)
    if production is not None and production.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick a production of this workspace."))
    companies = _companies(workspace, invited)
    built = build_rfq_lines(lines)
    with transaction.atomic():
        rfq = RequestForQuote.objects.create(
            workspace=workspace,
            production=production,
            advance=advance,
            title=title,
            description=(description or "").strip(),
            currency=workspace.organization.currency,
            respond_by=respond_by,
            created_by=actor,
        )
        rfq.invited.set(companies)
        _replace_lines(rfq, built)
        record(rfq, actor=actor, verb="rfq.created", to_state=R.DRAFT, data={"lines": len(built)})
    return rfq


def create_rfq_from_advance(
    advance: Advance,
    *,
    actor: User,
    items: Sequence[AdvanceItem] | None = None,
    title: str | None = None,
    respond_by: datetime.date | None = None,
    invited: Iterable[Company] = (),
) -> RequestForQuote:
    """A draft request for quote asking prices for an approved advance's lines (all of them by default)."""
    if advance.status not in ADVANCE_STATUSES:
        raise FinanceInvalid(_("Only an approved advance's lines can be put out for quotes."))
    chosen = list(advance.items.all() if items is None else items)
    if any(item.advance_id != advance.pk for item in chosen):
        raise FinanceInvalid(_("Pick lines of this advance."))
    if not chosen:
        raise FinanceInvalid(_("Pick at least one line of the advance."))
    lines = [
        {
            "advance_item": item,
            "catalog_item": item.catalog_item,
            "description": item.name,
            "quantity": item.approved_quantity if item.approved_quantity is not None else item.quantity,
            "unit": item.unit,
        }
        for item in chosen
    ]
    return create_rfq(
        actor=actor,
        workspace=advance.workspace,
        title=title or _("Quotes for %(name)s") % {"name": advance.activation_name or f"#{advance.pk}"},
        production=advance.production,
        respond_by=respond_by,
        invited=invited,
        lines=lines,
        advance=advance,
    )


def draft_rfq(
    *,
    actor: User,
    workspace: Workspace,
    advance: Advance | None = None,
    lines: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> RequestForQuote:
    """A draft from the page or the API: an approved advance's lines when `advance` is named (typed
    lines are then ignored), else the lines given."""
    if advance is None:
        return create_rfq(actor=actor, workspace=workspace, lines=lines, **fields)
    if advance.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick an advance of this workspace."))
    keep = {key: fields[key] for key in ("title", "respond_by", "invited") if key in fields}
    return create_rfq_from_advance(advance, actor=actor, **keep)


def update_rfq(
    rfq: RequestForQuote,
    *,
    actor: User,
    invited: Iterable[Company] | None = None,
    lines: Iterable[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> RequestForQuote:
    """Change a draft (its title, wording, date, invited companies and lines); an open one takes
    more invitations only."""
    require(actor, "finance.change_requestforquote", rfq, _("You may not change this request for quote."))
    with transaction.atomic():
        rfq = RequestForQuote.objects.select_for_update().select_related("workspace").get(pk=rfq.pk)
        if rfq.status not in (R.DRAFT, R.OPEN) or (rfq.status == R.OPEN and (fields or lines is not None)):
            raise Conflict(_("Only a draft request for quote can be edited; an open one may invite more companies."))
        if "title" in fields:
            rfq.title = _title(fields["title"])
        if "description" in fields:
            rfq.description = (fields["description"] or "").strip()
        if "respond_by" in fields:
            rfq.respond_by = fields["respond_by"]
        if "production" in fields:
            production = fields["production"]
            if production is not None and production.workspace_id != rfq.workspace_id:
                raise FinanceInvalid(_("Pick a production of this workspace."))
            rfq.production = production
        rfq.save()
        if invited is not None:
            companies = _companies(rfq.workspace, invited)
            if rfq.status == R.OPEN and not set(rfq.invited.values_list("pk", flat=True)) <= {c.pk for c in companies}:
                raise Conflict(_("Companies invited to an open request for quote stay invited."))
            rfq.invited.set(companies)
        if lines is not None:
            _replace_lines(rfq, build_rfq_lines(lines))
        record(rfq, actor=actor, verb="rfq.edited", data={"fields": sorted(fields), "lines": lines is not None})
    return rfq


def build_rfq_lines(raw_lines: Iterable[Mapping[str, Any]]) -> list[RfqLine]:
    raw_lines = list(raw_lines)
    if len(raw_lines) > MAX_LINES:
        raise FinanceInvalid(_("A request for quote holds at most %(max_lines)s lines.") % {"max_lines": MAX_LINES})
    lines = []
    for position, raw in enumerate(raw_lines, start=1):
        catalog = raw.get("catalog_item")
        description = (raw.get("description") or (catalog.name if catalog else "")).strip()
        if not description:
            raise FinanceInvalid(_("Line %(number)s: describe what is asked for.") % {"number": position})
        quantity = amount(
            raw.get("quantity"),
            _("Line %(number)s: the quantity") % {"number": position},
            maximum=MAX_QUANTITY,
            allow_zero=False,
        )
        unit = (raw.get("unit") or (catalog.standard_unit if catalog else "")).strip()[:40]
        lines.append(
            RfqLine(
                advance_item=raw.get("advance_item"),
                catalog_item=catalog,
                description=description[:300],
                quantity=quantity,
                unit=unit,
                position=position,
            )
        )
    return lines


def open_rfq(rfq: RequestForQuote, *, actor: User, note: str | None = "", public: bool = False) -> RequestForQuote:
    """Send the request to the invited companies: from now on they can bid. A `public` request
    (published on jobs' public RFP board, which passes it) needs no invitation."""

    def check(locked: RequestForQuote) -> None:
        if not locked.lines.exists():
            raise FinanceInvalid(_("Add at least one line before asking for quotes."))
        if not public and not locked.invited.exists():
            raise FinanceInvalid(_("Invite at least one company before asking for quotes."))
        locked.opened_at = timezone.now()

    return move(rfq, R.OPEN, actor=actor, verb="rfq.opened", note=note, prepare=check, fields=["opened_at"])


def close_rfq(rfq: RequestForQuote, *, actor: User, note: str | None = "") -> RequestForQuote:
    """Close the request without an award: bids still standing are declined."""
    with transaction.atomic():
        rfq = move(rfq, R.CLOSED, actor=actor, verb="rfq.closed", note=note, prepare=_decided, fields=["decided_at"])
        _decline_others(rfq, None, actor=actor)
    return rfq


def award_bid(bid: Bid, *, actor: User, note: str | None = "") -> PurchaseOrder:
    """Award the request to this bid: a draft purchase order to its company with its prices (lines
    drawn from an advance stay tied to it), the other bids declined. Returns the order."""
    rfq = bid.rfq
    require(actor, "finance.award_requestforquote", rfq, _("Your role does not let you award requests for quote."))
    with transaction.atomic():
        rfq = RequestForQuote.objects.select_for_update().select_related("workspace__organization").get(pk=rfq.pk)
        bid = Bid.objects.select_for_update().select_related("company").get(pk=bid.pk, rfq=rfq)
        RequestForQuote.workflow.check(rfq, R.AWARDED, actor=actor)
        Bid.workflow.check(bid, B.AWARDED, actor=actor)
        if bid.valid_until < local_today(rfq.workspace):
            raise FinanceInvalid(
                _("The bid of %(company)s was valid until %(date)s; ask for a new one.")
                % {"company": bid.company, "date": bid.valid_until.isoformat()}
            )
        po = create_purchase_order(
            actor=actor,
            workspace=rfq.workspace,
            vendor=bid.company,
            production=rfq.production,
            currency=rfq.currency,
            notes=_("Awarded from the request for quote “%(title)s”.") % {"title": rfq.title},
            lines=_order_lines(bid),
        )
        if rfq.advance_id:
            po.advance_id = rfq.advance_id
            po.save(update_fields=["advance"])

        def awarded(locked: RequestForQuote) -> None:
            locked.purchase_order = po
            _decided(locked)

        move(bid, B.AWARDED, actor=actor, verb="bid.awarded", note=note, prepare=_decided, fields=["decided_at"])
        _decline_others(rfq, bid, actor=actor)
        move(
            rfq,
            R.AWARDED,
            actor=actor,
            verb="rfq.awarded",
            note=note,
            prepare=awarded,
            fields=["purchase_order", "decided_at"],
            data={"bid": bid.pk, "company": bid.company.name, "purchase_order": po.number},
            lock=False,
        )
    return po


# --- the bids ------------------------------------------------------------------------------------
def submit_bid(
    rfq: RequestForQuote,
    *,
    actor: User,
    valid_until: datetime.date | None,
    lines: Iterable[Mapping[str, Any]],
    notes: str | None = "",
    company: Company | None = None,
) -> Bid:
    """A company's prices for an open request: a unit price for every line, valid until a date.

    A Merchant bids for their own company; the office may enter a bid received by mail for an
    invited company. `lines` are {"rfq_line": id or line, "unit_price": ...}."""
    require(actor, "finance.add_bid", rfq, _("You may not bid on this request for quote."))
    if role_in_workspace(actor, rfq.workspace) == Role.MERCHANT:
        company = company_of_merchant(actor)
    if company is None:
        raise FinanceInvalid(_("Pick the company that bids."))

    def invited(locked: RequestForQuote) -> None:
        if not locked.invited.filter(pk=company.pk).exists():
            raise FinanceInvalid(_("%(company)s is not invited to this request for quote.") % {"company": company})

    return enter_bid(
        rfq, company=company, actor=actor, valid_until=valid_until, lines=lines, notes=notes, check=invited
    )


def enter_bid(
    rfq: RequestForQuote,
    *,
    company: Company,
    actor: User,
    valid_until: datetime.date | None,
    lines: Iterable[Mapping[str, Any]],
    notes: str | None = "",
    check: Callable[[RequestForQuote], None] | None = None,
    by_deadline: bool = False,
) -> Bid:
    """Write `company`'s bid on an open request. The caller has decided the actor may bid for it:
    `submit_bid` (roles and invitations in the request's workspace) or jobs' public requests (the
    bidder's role in their own organization). `check` runs on the locked request; `by_deadline`
    refuses a bid after the request's `respond_by` day (in its organization's calendar)."""
    if valid_until is None or valid_until < local_today(rfq.workspace):
        raise FinanceInvalid(_("Say until when the prices hold (today or later)."))
    with transaction.atomic():
        rfq = RequestForQuote.objects.select_for_update().get(pk=rfq.pk)
        if rfq.status != R.OPEN:
            raise Conflict(_("This request for quote is not open for bids."))
        if by_deadline and past_deadline(rfq):
            raise Conflict(_("The deadline for bids on this request has passed."))
        if check is not None:
            check(rfq)
        built = _bid_lines(rfq, lines)
        try:
            with transaction.atomic():
                bid = Bid.objects.create(
                    rfq=rfq,
                    company=company,
                    valid_until=valid_until,
                    notes=(notes or "").strip(),
                    submitted_by=actor,
                    total=sum((line.amount for line in built), ZERO),
                )
        except IntegrityError:
            raise Conflict(
                _("%(company)s has already bid on this request; withdraw that bid first.") % {"company": company}
            ) from None
        for line in built:
            line.bid = bid
        BidLine.objects.bulk_create(built)
        record(bid, actor=actor, verb="bid.submitted", to_state=B.SUBMITTED, data={"total": str(bid.total)})
    return bid


def past_deadline(rfq: RequestForQuote) -> bool:
    """Whether the request's `respond_by` day is over in its organization's calendar."""
    return rfq.respond_by is not None and rfq.respond_by < local_today(rfq.workspace)


def withdraw_bid(bid: Bid, *, actor: User, note: str | None = "", check_perm: bool = True) -> Bid:
    """Take a submitted bid back. `check_perm=False`: the caller has decided (jobs' public bids,
    whose bidder holds no role in the request's workspace)."""
    return move(
        bid,
        B.WITHDRAWN,
        actor=actor,
        verb="bid.withdrawn",
        note=note,
        prepare=_decided,
        fields=["decided_at"],
        check_perm=check_perm,
    )


def add_bid_attachment(bid: Bid, upload: UploadedFile, *, actor: User) -> Attachment:
    """A quote document with the bid; it is read through the bid's page (who sees the bid sees it)."""
    require(actor, "finance.change_bid", bid, _("You may not add files to this bid."))
    rfq = bid.rfq
    attachment = store_upload(
        upload, bucket="documents", actor=actor, organization=rfq.workspace.organization, attach_to=bid
    )
    with transaction.atomic():
        record(bid, actor=actor, verb="bid.document_added", data={"file": attachment.original_name})
    return attachment


# --- helpers -------------------------------------------------------------------------------------
def _title(title):
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise FinanceInvalid(_("Give the request a title of at most 200 characters."))
    return title


def _companies(workspace, invited):
    companies = list(invited)
    if any(not isinstance(c, Company) or c.workspace_id != workspace.pk for c in companies):
        raise FinanceInvalid(_("Invite companies of this workspace."))
    return companies


def _replace_lines(rfq, lines):
    rfq.lines.all().delete()
    for line in lines:
        line.rfq = rfq
    RfqLine.objects.bulk_create(lines)


def _bid_lines(rfq, raw_lines):
    wanted = {line.pk: line for line in rfq.lines.all()}
    prices: dict[int, BidLine] = {}
    for raw in raw_lines:
        ref = raw.get("rfq_line")
        key = getattr(ref, "pk", ref)
        line = wanted.get(int(key)) if str(key).isdigit() else None
        if line is None:
            raise FinanceInvalid(_("Line %(key)s is not part of this request.") % {"key": key})
        unit_price = amount(
            raw.get("unit_price"), _("“%(description)s”: the unit price") % {"description": line.description}
        )
        net, _tax = line_amounts(line.quantity, unit_price, ZERO)
        prices[line.pk] = BidLine(rfq_line=line, unit_price=unit_price, amount=net)
    missing = [line.description for pk, line in wanted.items() if pk not in prices]
    if missing:
        raise FinanceInvalid(_("Give a price for every line: %(lines)s.") % {"lines": ", ".join(missing)})
    return list(prices.values())


def _order_lines(bid):
    lines = []
    for line in bid.lines.select_related("rfq_line__advance_item", "rfq_line__catalog_item"):
        asked = line.rfq_line
        item = asked.advance_item
        # An advance line already on another order keeps that tie (an advance line is ordered once).
        tied = item is not None and not hasattr(item, "purchase_order_line")
        lines.append(
            {
                "catalog_item": asked.catalog_item,
                "description": asked.description,
                "quantity": asked.quantity,
                "unit": asked.unit,
                "unit_price": line.unit_price,
                "advance_item": item if tied else None,
            }
        )
    return lines


def _decided(locked):
    locked.decided_at = timezone.now()


def _decline_others(rfq, winner, *, actor):
    others = Bid.objects.filter(rfq=rfq, status=B.SUBMITTED)
    if winner is not None:
        others = others.exclude(pk=winner.pk)
    for other in others:  # a consequence of the request's move, whose permission was asked
        move(
            other,
            B.DECLINED,
            actor=actor,
            verb="bid.declined",
            prepare=_decided,
            fields=["decided_at"],
            check_perm=False,
        )
