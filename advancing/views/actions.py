"""POSTs from the detail page: one view dispatches the status moves, one records fulfilment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.idempotency import once_per_page

from .. import services
from ..comments import comment_on_advance, may_comment
from ..forms import ApproveForm, CancelForm, CommentForm, FulfilForm, RejectForm
from ..stock import taking_free_stock
from ._common import ACTIONS, error_status, get_advance
from .advances import render_detail

# Whole sentences, so a translation can order the words its own way.
DONE = {
    "submit": gettext_lazy("Advance #%(pk)s submitted for review."),
    "start_review": gettext_lazy("Advance #%(pk)s is under your review."),
    "approve": gettext_lazy("Advance #%(pk)s approved."),
    "reject": gettext_lazy("Advance #%(pk)s rejected."),
    "process": gettext_lazy("Advance #%(pk)s is in progress."),
    "cancel": gettext_lazy("Advance #%(pk)s cancelled."),
}
# Why a role may not press a button (403), one sentence per action.
FORBIDDEN = {
    "submit": gettext_lazy("Your role does not let you submit this advance."),
    "start_review": gettext_lazy("Your role does not let you start the review of this advance."),
    "approve": gettext_lazy("Your role does not let you approve this advance."),
    "reject": gettext_lazy("Your role does not let you reject this advance."),
    "process": gettext_lazy("Your role does not let you start processing this advance."),
    "cancel": gettext_lazy("Your role does not let you cancel this advance."),
}


def _refused(request, pk, exc, **forms):
    """Re-render the page (fresh from the database: nothing changed) with the reason."""
    return render_detail(request, get_advance(request, pk), status=error_status(exc), error=str(exc), **forms)


@require_POST
def advance_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    advance = get_advance(request, pk)
    actor = request.user
    if not ACTIONS[action].permits(advance, actor):
        # The same table the services read; checked first so a forbidden move is a 403, not a form error.
        raise PermissionDenied(str(FORBIDDEN[action]))
    forms = {}
    try:
        if action == "approve":
            form = forms["approve_form"] = ApproveForm(request.POST, items=advance.items.all())
            if not form.is_valid():
                return render_detail(request, advance, status=400, **forms)
            with taking_free_stock(request.POST.get("take_free_stock") == "1"):  # short stock: the reviewer's call
                services.approve_advance(
                    advance,
                    actor=actor,
                    note=form.cleaned_data["note"],
                    approved_cost=form.cleaned_data["approved_cost"],
                    approved_quantities=form.approved_quantities(),
                )
        elif action == "reject":
            form = forms["reject_form"] = RejectForm(request.POST)
            if not form.is_valid():
                return render_detail(request, advance, status=400, **forms)
            services.reject_advance(advance, actor=actor, note=form.cleaned_data["note"])
        elif action == "cancel":
            form = CancelForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.cancel_advance(advance, actor=actor, note=note)
        elif action == "submit":
            services.submit_advance(advance, actor=actor)
        elif action == "start_review":
            services.start_review(advance, actor=actor)
        elif action == "process":
            services.process_advance(advance, actor=actor)
    except DomainError as exc:
        return _refused(request, pk, exc, **forms)
    messages.success(request, DONE[action] % {"pk": advance.pk})
    return redirect("advancing:detail", advance.pk)


@require_POST
def fulfil_line(request, pk, item_id):
    # Recorded on a phone, perhaps queued offline and sent later: the same key records once.
    return once_per_page(request, lambda: _fulfil_line(request, pk, item_id))


def _fulfil_line(request, pk, item_id):
    advance = get_advance(request, pk)
    item = next((i for i in advance.items.all() if i.pk == item_id), None)
    if item is None:
        raise Http404(_("No such line on this advance."))
    form = FulfilForm(request.POST, item=item)
    if not form.is_valid():
        return render_detail(request, advance, status=400, fulfil_form=form)
    try:
        services.record_fulfilment(
            advance,
            actor=request.user,
            item_id=item.pk,
            quantity_fulfilled=form.cleaned_data["quantity_fulfilled"],
            notes=form.cleaned_data["notes"],
            actual_cost=form.cleaned_data["actual_cost"],
            line_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        form.add_error(None, str(exc))  # shown on the line as well as at the top of the page
        return _refused(request, pk, exc, fulfil_form=form)
    messages.success(request, _("Fulfilment of “%(item)s” recorded.") % {"item": item.name})
    return redirect(reverse("advancing:detail", args=[advance.pk]) + f"#line-{item.pk}")


@require_POST
def comment(request, pk):
    """A comment from the crew who submitted the advance or one of its reviewers (403 for other readers)."""
    advance = get_advance(request, pk)
    if not may_comment(request.user, advance):
        raise PermissionDenied(_("Only who submitted this advance and its reviewers comment on it."))
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render_detail(request, advance, status=400, comment_form=form)
    try:
        made = comment_on_advance(advance, actor=request.user, body=form.cleaned_data["body"])
    except DomainError as exc:
        form.add_error("body", str(exc))
        return render_detail(request, advance, status=error_status(exc), comment_form=form)
    messages.success(request, _("Comment added."))
    return redirect(reverse("advancing:detail", args=[advance.pk]) + f"#comment-{made.pk}")
