"""Request for quote pages: the list, drafting (free-standing or from an approved advance), opening
and closing, bidding (a Merchant for their own company), the side-by-side comparison and the award,
which drafts the purchase order."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, error_status, form_action, initial_from, visible_or_404
from dragonfly.files.panel import files_panel
from dragonfly.files.serving import file_response
from dragonfly.tenancy.access import require, role_in_workspace
from dragonfly.tenancy.roles import Role

from .. import selectors
from ..extensions import panels
from ..filters import RfqFilter
from ..forms import NoteForm
from ..forms_bids import BidForm, RfqForm, RfqLineFormSet
from ..models import Bid, BidLine, BidStatus, RequestForQuote, RfqStatus
from ..services import bids as bid_services
from ._common import document_form, finance_context, finance_workspace, note_action, page_url, workspace_list

HEADER = ("title", "production", "respond_by", "description")


def get_rfq(request, pk):
    return visible_or_404(RequestForQuote, request.user, pk, "workspace__organization", "production", "advance")


def get_bid(request, pk):
    return visible_or_404(Bid, request.user, pk, "rfq__workspace__organization", "company", "submitted_by")


def rfq_list(request, org_slug, ws_slug):
    return workspace_list(request, "rfqs", selectors.rfqs, RfqFilter)


def new_rfq(request, org_slug, ws_slug):
    workspace = finance_workspace(
        request, "finance.add_requestforquote", _("Your role does not let you ask for quotes here.")
    )
    return _rfq_form(request, workspace, {}, None)


def edit_rfq(request, pk):
    rfq = get_rfq(request, pk)
    require(request.user, "finance.change_requestforquote", rfq, _("You may not change this request for quote."))
    if rfq.status != RfqStatus.DRAFT:
        raise Http404("Only draft requests are edited.")
    initial = {**initial_from(rfq, HEADER), "invited": list(rfq.invited.values_list("pk", flat=True))}
    return _rfq_form(request, rfq.workspace, initial, RfqLineFormSet.initial_of(rfq.lines.all()), rfq)


def _rfq_form(request, workspace, initial, lines, rfq=None):
    return document_form(
        request,
        RfqForm(request.POST or None, user=request.user, workspace=workspace, initial=initial, editing=rfq is not None),
        RfqLineFormSet(request.POST or None, initial=lines, prefix="lines"),
        workspace=workspace,
        document=rfq,
        create=bid_services.draft_rfq,
        update=bid_services.update_rfq,
        template="finance/rfq_form.html",
        tab="rfqs",
        key="rfq",
        success=lambda saved: _("“%(title)s” saved as a draft.") % {"title": saved.title},
    )


def rfq_detail(request, pk, *, status=200, error=None, bid_form=None):
    rfq = get_rfq(request, pk)
    user = request.user
    lines = list(rfq.lines.all())
    bids = list(selectors.bids(user).filter(rfq=rfq))
    merchant = role_in_workspace(user, rfq.workspace) == Role.MERCHANT
    has_bid = any(b.status != BidStatus.WITHDRAWN for b in bids) if merchant else False
    may_bid = rfq.status == RfqStatus.OPEN and user.has_perm("finance.add_bid", rfq) and not has_bid
    change = user.has_perm("finance.change_requestforquote", rfq)
    moves = rfq.allowed_moves() if change else set()
    context = finance_context(
        request,
        rfq.workspace,
        "rfqs",
        rfq=rfq,
        lines=lines,
        bids=bids,
        invited=list(rfq.invited.order_by("name")) if change else [],
        error=error,
        can_edit=change and rfq.status == RfqStatus.DRAFT,
        can_compare=change and rfq.status != RfqStatus.DRAFT,
        actions=[(name, label) for name, label in RFQ_BUTTONS if name in moves],
        note_form=NoteForm(),
        bid_form=bid_form or (BidForm(rfq=rfq, lines=lines, merchant=merchant) if may_bid else None),
        history=selectors.history(rfq)[:12] if change else [],
        # The documents that go with the request (drawings, a rider): read by everyone who reads it,
        # the invited companies' Merchants included (a linked document follows its object's visible_to).
        files=files_panel(request, rfq),
        panels=panels("rfq", request, rfq),
    )
    return render(request, "finance/rfq_detail.html", context, status=status)


RFQ_BUTTONS = (
    (RfqStatus.OPEN, gettext_lazy("Send to the invited companies")),
    (RfqStatus.CLOSED, gettext_lazy("Close")),
)
RFQ_ACTIONS = {
    "open": (bid_services.open_rfq, gettext_lazy("“%(title)s” is open for bids.")),
    "closed": (bid_services.close_rfq, gettext_lazy("“%(title)s” is closed.")),
}


@require_POST
def rfq_action(request, pk, action):
    if action not in RFQ_ACTIONS:
        raise Http404("No such action.")
    rfq = get_rfq(request, pk)
    require(request.user, "finance.change_requestforquote", rfq, _("You may not change this request for quote."))
    service, done = RFQ_ACTIONS[action]
    return note_action(request, rfq, service, page=rfq_detail, success=done % {"title": rfq.title})


@require_POST
def submit_bid(request, pk):
    rfq = get_rfq(request, pk)
    user = request.user
    require(user, "finance.add_bid", rfq, _("You may not bid on this request for quote."))
    merchant = role_in_workspace(user, rfq.workspace) == Role.MERCHANT
    form = BidForm(request.POST, request.FILES, rfq=rfq, lines=list(rfq.lines.all()), merchant=merchant)

    def save(data):
        with transaction.atomic():  # a refused document leaves no bid behind
            bid = bid_services.submit_bid(
                rfq,
                actor=user,
                company=data.get("company"),
                valid_until=data["valid_until"],
                notes=data["notes"],
                lines=form.prices(),
            )
            if data.get("document"):
                bid_services.add_bid_attachment(bid, data["document"], actor=user)
        return bid

    return form_action(
        request,
        form,
        save=save,
        redisplay=lambda form, status: rfq_detail(request, pk, status=status, bid_form=form),
        redirect_to=page_url,
        success=_("The bid is in."),
        upload_field="document",
    )


def compare(request, pk):
    """The bids side by side: one row per line, one column per bidder, totals and validity; the
    cheapest standing bid of each line and in total is marked."""
    rfq = get_rfq(request, pk)
    user = request.user
    require(user, "finance.change_requestforquote", rfq, _("Only the buying office compares bids."))
    lines = list(rfq.lines.all())
    bids = list(
        selectors.bids(user)
        .filter(rfq=rfq)
        .exclude(status=BidStatus.WITHDRAWN)
        .prefetch_related(Prefetch("lines", queryset=BidLine.objects.order_by()))
        .order_by("total", "id")
    )
    table = comparison(lines, bids)
    context = finance_context(
        request,
        rfq.workspace,
        "rfqs",
        rfq=rfq,
        bids=bids,
        rows=table["rows"],
        cheapest=table["cheapest"],
        can_award=rfq.status == RfqStatus.OPEN and user.has_perm("finance.award_requestforquote", rfq),
        note_form=NoteForm(),
    )
    return render(request, "finance/rfq_compare.html", context)


def comparison(lines, bids):
    """{"rows": [(line, [(bid, bid line or None, cheapest?)...])...], "cheapest": the cheapest standing bid's id}."""
    standing = [b for b in bids if b.status in (BidStatus.SUBMITTED, BidStatus.AWARDED)]
    prices = {b.pk: {bl.rfq_line_id: bl for bl in b.lines.all()} for b in bids}
    rows = []
    for line in lines:
        offered = [prices[b.pk][line.pk].unit_price for b in standing if line.pk in prices[b.pk]]
        low = min(offered) if offered else None
        cells = []
        for b in bids:
            priced = prices[b.pk].get(line.pk)
            cells.append((b, priced, priced is not None and b in standing and priced.unit_price == low))
        rows.append((line, cells))
    cheapest = min(standing, key=lambda b: (b.total, b.pk)).pk if standing else None
    return {"rows": rows, "cheapest": cheapest}


def bid_detail(request, pk, *, status=200, error=None):
    bid = get_bid(request, pk)
    user = request.user
    rfq = bid.rfq
    actions = []
    if bid.status == BidStatus.SUBMITTED:
        if rfq.status == RfqStatus.OPEN and user.has_perm("finance.award_requestforquote", rfq):
            actions.append(("award", _("Award and draft the order"), "ok"))
        if user.has_perm("finance.change_bid", bid):
            actions.append(("withdraw", _("Withdraw"), "danger"))
    context = finance_context(
        request,
        rfq.workspace,
        "rfqs",
        bid=bid,
        rfq=rfq,
        lines=list(bid.lines.select_related("rfq_line")),
        documents=list(bid.attachments.order_by("-created_at")),
        actions=actions,
        error=error,
        note_form=NoteForm(),
        history=selectors.history(bid)[:12],
    )
    return render(request, "finance/bid_detail.html", context, status=status)


@require_POST
def bid_action(request, pk, action):
    bid = get_bid(request, pk)
    if action == "award":
        require(request.user, "finance.award_requestforquote", bid.rfq, _("Your role may not award bids."))
        return action_page(
            request,
            lambda: bid_services.award_bid(bid, actor=request.user, note=request.POST.get("note", "")),
            redirect_to=page_url,
            success=lambda po: (
                _("Awarded to %(company)s: %(number)s drafted.") % {"company": bid.company, "number": po.number}
            ),
            on_refusal=lambda exc: bid_detail(request, pk, status=error_status(exc), error=str(exc)),
        )
    if action == "withdraw":
        require(request.user, "finance.change_bid", bid, _("You may not withdraw this bid."))
        return note_action(request, bid, bid_services.withdraw_bid, page=bid_detail, success=_("The bid is withdrawn."))
    raise Http404("No such action.")


def bid_file(request, pk, file_id):
    """A bid's document, to whoever sees the bid (the file is read through it, not through a bucket grant)."""
    bid = get_bid(request, pk)
    attachment = get_object_or_404(bid.attachments, pk=file_id)
    return file_response(attachment, inline=False)
