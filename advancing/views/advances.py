"""Crew screens: my advances in a workspace, new and edit (drafts), the detail page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render

from dragonfly.core.errors import DomainError
from dragonfly.core.workspace_views import require_module

from .. import services
from ..filters import AdvanceFilter
from ..forms import AdvanceForm, ApproveForm, FulfilForm, LineFormSet, RejectForm, line_initial
from ..models import EDITABLE_STATUSES, AdvanceStatus
from ..selectors import advance_history, may_review_somewhere, my_advances
from ._common import available_actions, error_status, get_advance, safe_querystring, status_choice

FULFILMENT_STATUSES = (AdvanceStatus.APPROVED, AdvanceStatus.IN_PROGRESS)
MY_FILTER_FIELDS = ("status",)


def workspace_home(request, org_slug, ws_slug):
    """ "My advances" in this workspace, with a status filter, and the way to a new one."""
    workspace = require_module(request, "advancing")
    user = request.user
    data = {k: v for k, v in request.GET.items() if k in MY_FILTER_FIELDS and v}
    filterset = AdvanceFilter(
        data or None,
        queryset=my_advances(user).filter(workspace=workspace),
        request=request,
    )
    status = 200
    if filterset.is_bound and not filterset.is_valid():
        status = 400
        advances = filterset.queryset.none()
    else:
        advances = filterset.qs.order_by("-created_at", "-id")  # newest first, on (submitter, created_at)
    page = Paginator(advances, 25).get_page(request.GET.get("page"))
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


def _save(request, *, workspace, form, lines, advance=None):
    """Create or update the draft, and submit it when asked; one transaction for both."""
    data = form.cleaned_data
    header = dict(
        production=data["production"],
        team_workspace=data["team_workspace"],
        activation_name=data["activation_name"],
    )
    submit = request.POST.get("intent") == "submit"
    with transaction.atomic():
        if advance is None:
            advance = services.create_advance(actor=request.user, workspace=workspace, items=lines.items, **header)
        else:
            services.update_draft(advance, actor=request.user, items=lines.items, **header)
        if submit:
            services.submit_advance(advance, actor=request.user)
    if submit:
        messages.success(request, f"Advance #{advance.pk} submitted for review.")
    else:
        messages.success(request, f"Draft #{advance.pk} saved.")
    return advance


def _form_page(request, *, workspace, advance=None):
    user = request.user
    bound = request.method == "POST"
    data = request.POST if bound else None
    initial = {}
    lines_initial = None
    allowed = ()
    if advance is not None:
        initial = {
            "production": advance.production_id,
            "team_workspace": advance.team_workspace,
            "activation_name": advance.activation_name,
        }
        lines_initial = line_initial(advance)
        allowed = [i.catalog_item_id for i in advance.items.all() if i.catalog_item_id]
    form = AdvanceForm(data, user=user, workspace=workspace, initial=initial)
    lines = LineFormSet(data, prefix="lines", initial=lines_initial, allowed_catalog_ids=allowed)
    status = 200
    if bound:
        if form.is_valid() and lines.is_valid():
            try:
                advance = _save(request, workspace=workspace, form=form, lines=lines, advance=advance)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                return redirect("advancing:detail", advance.pk)
        else:
            status = 400
    context = {"workspace": workspace, "form": form, "lines": lines, "advance": advance}
    return render(request, "advancing/advance_form.html", context, status=status)


def new_advance(request, org_slug, ws_slug):
    workspace = require_module(request, "advancing")
    if not request.user.has_perm("advancing.add_advance", workspace):
        raise PermissionDenied("Your role does not create advances in this workspace.")
    return _form_page(request, workspace=workspace)


def edit_advance(request, pk):
    advance = get_advance(request, pk)
    if advance.status not in EDITABLE_STATUSES:
        messages.warning(
            request,
            f"Advance #{advance.pk} is {advance.get_status_display().lower()}; only drafts can be edited.",
        )
        return redirect("advancing:detail", advance.pk)
    if not request.user.has_perm("advancing.change_advance", advance):
        raise PermissionDenied("You may not edit this advance.")
    return _form_page(request, workspace=advance.workspace, advance=advance)


def can_fulfil(advance, user):
    return advance.status in FULFILMENT_STATUSES and user.has_perm("advancing.fulfil_advance", advance)


def render_detail(request, advance, *, status=200, error=None, approve_form=None, reject_form=None, fulfil_form=None):
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
        "actions": actions,
        "button_actions": [a for n, a in actions.items() if not a.needs_form],
        "approve_form": approve_form if "approve" in actions else None,
        "reject_form": reject_form if "reject" in actions else None,
        "fulfil_forms": fulfil_forms,
        "history": history,
        "error": error,
        "can_edit": advance.status in EDITABLE_STATUSES and user.has_perm("advancing.change_advance", advance),
        "partially_approved": any(i.approved_quantity is not None and i.approved_quantity < i.quantity for i in items),
    }
    return render(request, "advancing/detail.html", context, status=status)


def advance_detail(request, pk):
    return render_detail(request, get_advance(request, pk))
