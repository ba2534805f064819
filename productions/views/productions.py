"""Production pages: the list, new/edit, the overview with its lifecycle buttons, the team tab,
and the organization's phase milestone templates. (The Schedule and Advances tabs are pages of
events and advancing, registered through productions.extensions.)"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import filtered, form_action, form_page, paginate
from dragonfly.core.workspace_views import require_module
from dragonfly.tenancy.access import display_name

from .. import services
from ..filters import ProductionFilter
from ..forms import MilestoneTemplateFormSet, MoveForm, ProductionForm, TeamMemberForm
from ..models import ALLOWED_TRANSITIONS, NOTE_REQUIRED, PHASES, Production, ProductionStatus
from ..wording import in_sentence
from ._common import error_status, get_production, get_team_member, production_context, safe_querystring

LIST_FILTERS = ("q", "status", "type", "production_manager", "tag", "health", "ordering")
PAGE_SIZE = 25


def workspace_home(request, org_slug, ws_slug):
    """The productions of a workspace: filters, sort, health at a glance."""
    workspace = require_module(request, "productions")
    user = request.user
    base = (
        Production.objects.visible_to(user)
        .in_workspace(workspace)
        .select_related("workspace__organization", "production_manager", "venue", "venue__parent")
    )
    filterset, productions, status = filtered(request, base, ProductionFilter, keys=LIST_FILTERS)
    page = paginate(request, productions, PAGE_SIZE)
    context = {
        "workspace": workspace,
        "page": page,
        "filter_form": filterset.form,
        "querystring": safe_querystring(request),
        "filtered": filterset.is_bound,
        "can_create": user.has_perm("productions.add_production", workspace),
        "can_edit_templates": user.has_perm("productions.change_milestonetemplate", workspace.organization),
    }
    return render(request, "productions/home.html", context, status=status)


def new_production(request, org_slug, ws_slug):
    workspace = require_module(request, "productions")
    if not request.user.has_perm("productions.add_production", workspace):
        raise PermissionDenied(_("Your role does not create productions in this workspace."))
    return form_page(
        request,
        ProductionForm(request.POST or None, user=request.user, workspace=workspace),
        save=lambda data: services.create_production(actor=request.user, workspace=workspace, **data),
        template="productions/production_form.html",
        context={"workspace": workspace, "production": None},
        redirect_to=lambda production: reverse("productions:detail", args=[production.pk]),
        success=lambda production: _("“%(name)s” created as a concept.") % {"name": production.name},
    )


def edit_production(request, pk):
    production = get_production(request, pk)
    if not request.user.has_perm("productions.change_production", production):
        raise PermissionDenied(_("You may not edit this production."))
    fields = ["name", "code", "type", "start_date", "end_date", "venue", "production_manager", "tags", "description"]
    initial = model_to_dict(production, fields)  # a foreign key by its id
    return form_page(
        request,
        ProductionForm(request.POST or None, user=request.user, workspace=production.workspace, initial=initial),
        save=lambda data: services.update_production(production, actor=request.user, **data),
        template="productions/production_form.html",
        context={"workspace": production.workspace, "production": production},
        redirect_to=lambda saved: reverse("productions:detail", args=[production.pk]),
        success=_("Production saved."),
        versioned=production,
    )


def moves_for(production):
    """The lifecycle buttons: the allowed moves, in lifecycle order, labelled as people say them."""
    S = ProductionStatus
    order = list(S)
    current = S(production.status)
    moves = sorted(ALLOWED_TRANSITIONS[current], key=order.index)
    buttons = []
    for s in moves:
        if s == S.CANCELLED:
            label, style = _("Cancel production"), "danger"
        elif s == S.ON_HOLD:
            label, style = _("Put on hold"), ""
        elif current == S.ON_HOLD:
            label, style = _("Resume in %(phase)s") % {"phase": in_sentence(s.label)}, ""
        elif order.index(s) > order.index(current):
            label, style = _("Move to %(phase)s →") % {"phase": in_sentence(s.label)}, "primary"
        else:
            label, style = _("← Back to %(phase)s") % {"phase": in_sentence(s.label)}, ""
        buttons.append({"status": s, "label": label, "needs_note": s in NOTE_REQUIRED, "style": style})
    return buttons


def phases_for(production):
    """The lifecycle strip: each phase done, current or still to come."""
    current = ProductionStatus(production.status)
    reached = PHASES.index(current) if current in PHASES else -1
    return [(p, "current" if i == reached else ("done" if i < reached else "")) for i, p in enumerate(PHASES)]


def production_detail(request, pk, *, move_form=None, status=200, error=None):
    """The overview: summary, health and why, lifecycle, recent activity."""
    from dragonfly.activity.models import ActivityEntry

    production = get_production(request, pk)
    context = production_context(request, production, "overview")
    context.update(
        {
            "summary": services.get_production_summary(production, user=request.user),
            "moves": moves_for(production) if context["can"]["move"] else [],
            "phases": phases_for(production),
            "move_form": move_form or MoveForm(),
            "error": error,
            "history": ActivityEntry.objects.for_object(production)[:8],
        }
    )
    return render(request, "productions/detail.html", context, status=status)


@require_POST
def move(request, pk):
    production = get_production(request, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return production_detail(request, pk, move_form=form, status=400, error=_("Pick where the production moves."))
    try:
        moved = services.move_production(
            production, actor=request.user, to_status=form.cleaned_data["to_status"], note=form.cleaned_data["note"]
        )
    except DomainError as exc:
        return production_detail(request, pk, move_form=form, status=error_status(exc), error=str(exc))
    messages.success(
        request,
        _("“%(name)s” is now %(status)s.") % {"name": moved.name, "status": in_sentence(moved.get_status_display())},
    )
    return redirect("productions:detail", pk)


def team(request, pk, *, form=None, status=200):
    production = get_production(request, pk)
    context = production_context(request, production, "team")
    members = production.team.select_related("user").order_by("department", "title", "id")
    context.update(
        {
            "members": members,
            "form": form or (TeamMemberForm(workspace=production.workspace) if context["can"]["edit"] else None),
            "new_url": "#add-to-team" if context["can"]["edit"] else "",  # the empty state's button
        }
    )
    return render(request, "productions/tab_team.html", context, status=status)


@require_POST
def add_team_member(request, pk):
    production = get_production(request, pk)
    if not request.user.has_perm("productions.change_production", production):
        raise PermissionDenied(_("You may not change this production's team."))
    return form_action(
        request,
        TeamMemberForm(request.POST, workspace=production.workspace),
        save=lambda data: services.add_team_member(production, actor=request.user, **data),
        redisplay=lambda form, status: team(request, pk, form=form, status=status),
        redirect_to=reverse("productions:team", args=[pk]),
        success=lambda member: _("%(person)s joined the team.") % {"person": display_name(member.user)},
    )


@require_POST
def remove_team_member(request, pk):
    member = get_team_member(request, pk)
    production_id = member.production_id
    services.remove_team_member(member, actor=request.user)
    messages.success(request, _("Removed from the team."))
    return redirect("productions:team", production_id)


def phase_templates(request):
    """The current organization's phase milestones: what entering each phase puts on a production."""
    workspace = require_module(request, "productions")
    if workspace is None:
        raise Http404(_("No workspace."))
    organization = workspace.organization
    may_edit = request.user.has_perm("productions.change_milestonetemplate", organization)
    templates = services.milestone_templates(organization)
    initial = [
        {"phase": t.phase, "title": t.title, "offset_days": t.offset_days, "anchor": t.anchor} for t in templates
    ]
    formset = MilestoneTemplateFormSet(request.POST or None, initial=initial, prefix="t")
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Only the organization's administrators edit its phase milestones."))
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                services.save_milestone_templates(organization, actor=request.user, rows=rows)
            except DomainError as exc:
                messages.error(request, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, _("Phase milestones saved."))
                return redirect("productions:phase_templates")
        else:
            status = 400
    return render(
        request,
        "productions/phase_templates.html",
        {
            "workspace": workspace,
            "organization": organization,
            "formset": formset,
            "may_edit": may_edit,
            "templates": templates,
        },
        status=status,
    )
