"""Crew screens: my advances in a workspace, new and edit (drafts), the detail page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dragonfly.core.idempotency import once_per_page
from dragonfly.core.pages import filtered, form_page, initial_from, paginate
from dragonfly.core.workspace_views import require_module
from productions.wording import in_sentence

from .. import services
from ..comments import may_comment
from ..filters import AdvanceFilter
from ..forms import AdvanceForm, ApproveForm, CommentForm, FulfilForm, LineFormSet, RejectForm, line_initial
from ..models import EDITABLE_STATUSES, AdvanceStatus, line_totals
from ..selectors import advance_history, may_review_somewhere, my_advances, show_day
from ._common import available_actions, get_advance, safe_querystring, status_choice

FULFILMENT_STATUSES = (AdvanceStatus.APPROVED, AdvanceStatus.IN_PROGRESS)
MY_FILTER_FIELDS = ("status",)


def workspace_home(request, org_slug, ws_slug):
    """ "My advances" in this workspace, with a status filter, and the way to a new one."""
    workspace = require_module(request, "advancing")
    user = request.user
    data = {k: v for k, v in request.GET.items() if k in MY_FILTER_FIELDS and v}
    filterset, advances, status = filtered(
        request, my_advances(user).filter(workspace=workspace), AdvanceFilter, data=data
    )
    page = paginate(request, advances.order_by("-created_at", "-id"))  # newest first, on (submitter, created_at)
    context = {
        "workspace": workspace,
        "filter_form": filterset.form,
        "status_choices": AdvanceStatus.choices,
        "status_chosen": status_choice(filterset.form),
        "page": page,
        "querystring": safe_querystring(request),
        "can_create": user.has_perm("advancing.add_advance", workspace),
        "is_reviewer": may_review_somewhere(user),
    }
    return render(request, "advancing/home.html", context, status=status)


def _save(request, data, *, workspace, lines, advance=None):
    """Create or update the draft, and submit it when asked; one transaction for both."""
    header = {key: data[key] for key in ("production", "event", "team_workspace", "activation_name")}
    with transaction.atomic():
        if advance is None:
            advance = services.create_advance(actor=request.user, workspace=workspace, items=lines.items, **header)
        else:
            services.update_draft(advance, actor=request.user, items=lines.items, **header)
        if request.POST.get("intent") == "submit":
            services.submit_advance(advance, actor=request.user)
    return advance


def _form_page(request, *, workspace, advance=None):
    data = request.POST if request.method == "POST" else None
    initial, lines_initial, allowed = {}, None, ()
    if advance is not None:
        initial = initial_from(advance, ("production", "event", "team_workspace", "activation_name"))
        lines_initial = line_initial(advance)
        allowed = [i.catalog_item_id for i in advance.items.all() if i.catalog_item_id]
    elif request.GET.get("production", "").isdigit():  # "New advance" from a production's Advances tab
        initial = {"production": int(request.GET["production"])}  # the form's choices keep it to visible ones
    lines = LineFormSet(data, prefix="lines", initial=lines_initial, allowed_catalog_ids=allowed)
    submitted = request.POST.get("intent") == "submit"
    return form_page(
        request,
        AdvanceForm(data, user=request.user, workspace=workspace, initial=initial),
        save=lambda header: _save(request, header, workspace=workspace, lines=lines, advance=advance),
        template="advancing/advance_form.html",
        context={"workspace": workspace, "lines": lines, "advance": advance},
        redirect_to=lambda saved: reverse("advancing:detail", args=[saved.pk]),
        success=lambda saved: (
            _("Advance #%(pk)s submitted for review.") % {"pk": saved.pk}
            if submitted
            else _("Draft #%(pk)s saved.") % {"pk": saved.pk}
        ),
        also=[lines],
        versioned=advance,
    )


def new_advance(request, org_slug, ws_slug):
    workspace = require_module(request, "advancing")
    if not request.user.has_perm("advancing.add_advance", workspace):
        raise PermissionDenied(_("Your role does not create advances in this workspace."))
    # A phone that queued the form offline may send it twice: the same key makes one advance.
    return once_per_page(request, lambda: _form_page(request, workspace=workspace))


def edit_advance(request, pk):
    advance = get_advance(request, pk)
    if advance.status not in EDITABLE_STATUSES:
        messages.warning(
            request,
            _("Advance #%(pk)s is %(status)s; only drafts can be edited.")
            % {"pk": advance.pk, "status": in_sentence(advance.get_status_display())},
        )
        return redirect("advancing:detail", advance.pk)
    if not request.user.has_perm("advancing.change_advance", advance):
        raise PermissionDenied(_("You may not edit this advance."))
    return once_per_page(request, lambda: _form_page(request, workspace=advance.workspace, advance=advance))


def can_fulfil(advance, user):
    return advance.status in FULFILMENT_STATUSES and user.has_perm("advancing.fulfil_advance", advance)


def render_detail(
    request,
    advance,
    *,
    status=200,
    error=None,
    approve_form=None,
    reject_form=None,
    fulfil_form=None,
    comment_form=None,
):
    """The detail page; action views re-render it with their bound form when input is refused."""
    user = request.user
    items = list(advance.items.all())
    actions = available_actions(advance, user)
    if "approve" in actions and approve_form is None:
        approve_form = ApproveForm(items=items)
    if "reject" in actions and reject_form is None:
        reject_form = RejectForm()
    fulfil_forms = []
    if can_fulfil(advance, user):
        for item in items:
            if fulfil_form is not None and fulfil_form.item.pk == item.pk:
                fulfil_forms.append(fulfil_form)
            else:
                fulfil_forms.append(FulfilForm(item=item))
    history = advance_history(advance)
    context = {
        "advance": advance,
        "items": items,
        "line_totals": line_totals(items),
        "actions": actions,
        "button_actions": [a for n, a in actions.items() if not a.needs_form],
        "approve_form": approve_form if "approve" in actions else None,
        "reject_form": reject_form if "reject" in actions else None,
        "fulfil_forms": fulfil_forms,
        "history": history,
        "show_day": show_day(user, advance),
        "error": error,
        "can_edit": advance.status in EDITABLE_STATUSES and user.has_perm("advancing.change_advance", advance),
        "partially_approved": any(i.approved_quantity is not None and i.approved_quantity < i.quantity for i in items),
        "comments": advance.comments.select_related("author"),
        "comment_form": (comment_form or CommentForm()) if may_comment(user, advance) else None,
    }
    return render(request, "advancing/detail.html", context, status=status)


def advance_detail(request, pk):
    return render_detail(request, get_advance(request, pk))
