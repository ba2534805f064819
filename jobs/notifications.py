"""Who hears about jobs (after-commit subscribers, registered in JobsConfig.ready()):

- `posting.applied`: who may screen applicants for the posting's opening hears of a new applicant;
- `contract.sent`, `contract.signed`, `contract.terminated`: the freelancer (when they have a login)
  and who made the contract hear of it.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from dragonfly.core.events import subscribe
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import users_with_perm
from finance.models import BidStatus

from .models import Contract, ContractStatus, JobPosting, PublicBid
from .services import contract_from_bid


@subscribe("posting.applied")
def new_applicant(event):
    posting = JobPosting.objects.select_related("opening").filter(pk=event.object_id).first()
    if posting is None:
        return
    title = posting.title
    notify(
        [
            u
            for u in users_with_perm("people.screen_application", posting.opening)
            if u.pk != getattr(event.actor, "pk", None)
        ],
        kind="general",
        title=lambda: _("New applicant for %(title)s") % {"title": title},
        dedupe_key=f"posting:{posting.pk}:applied:{event.data.get('application')}",
        url=reverse("jobs:posting", args=[posting.pk]),
        workspace=posting.workspace,
    )


@subscribe("contract.sent")
@subscribe("contract.signed")
@subscribe("contract.terminated")
def contract_moved(event):
    contract = Contract.objects.select_related("person__user", "created_by").filter(pk=event.object_id).first()
    if contract is None:
        return
    recipients = {u for u in (contract.person.user if contract.person_id else None, contract.created_by) if u}
    title, status = contract.title, ContractStatus(event.data["to"]).label
    notify(
        [u for u in recipients if u.pk != getattr(event.actor, "pk", None) and u.is_active],
        kind="general",
        title=lambda: _("Contract %(title)s: %(status)s") % {"title": title, "status": status},
        dedupe_key=f"contract:{contract.pk}:{event.data['to']}:{event.entry_id or ''}",
        url=reverse("jobs:contract", args=[contract.pk]),
        workspace=contract.workspace,
    )


@subscribe("bid.awarded", in_transaction=True)
def draft_contract_for_awarded_bid(event):
    """Awarding a bid (finance) drafts the contract with its company, in the award's transaction."""
    if event.actor is not None:
        contract_from_bid(event.obj, actor=event.actor)


@subscribe("rfq.awarded")
@subscribe("rfq.closed")
def public_bids_decided(event):
    """A decided public request: each bidder of another organization hears whether their bid won,
    through the kind finance's bidders hear it by (they hold no role where finance's notice points)."""
    decided = (
        PublicBid.objects.filter(bid__rfq_id=event.object_id, bid__status__in=[BidStatus.AWARDED, BidStatus.DECLINED])
        .select_related("bid__rfq", "bid__submitted_by", "workspace")
        .order_by("pk")
    )
    for public in decided:
        bid, user = public.bid, public.bid.submitted_by
        if user is None or not user.is_active or not user.has_perm("jobs.view_publicbid", public):
            continue
        won, title = bid.status == BidStatus.AWARDED, bid.rfq.title
        notify(
            [user],
            kind="bid.decided",
            title=lambda won=won, title=title: (
                (_("Your bid on “%(title)s” was accepted") if won else _("Your bid on “%(title)s” was declined"))
                % {"title": title}
            ),
            url=reverse("jobs:public_bid", args=[public.pk]),
            workspace=public.workspace,
            trigger=f"jobs.public_bid.{bid.status}",
            dedupe_key=f"bid:{bid.pk}:{bid.status}",
        )
