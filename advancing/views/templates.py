"""Advance templates and roll-over: the templates list and page, saving an advance as a template,
starting a new advance from a template or an earlier one, rolling a workspace's advances over."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.pages import action_page, carry_version, form_action, form_page, list_page, visible_or_404
from dragonfly.core.workspace_views import require_module

from .. import rollover as rollovers
from .. import templating
from ..models import AdvanceTemplate, Rollover, RolloverStatus
from ..template_forms import (
    RolloverForm,
    StartForm,
    TemplateEditForm,
    TemplateFilter,
    TemplateSaveForm,
    workspaces_for_new_advances,
)
from ._common import get_advance


# --- templates ------------------------------------------------------------------------------------
def template_list(request):
    """The organization's templates the user may see, by production type."""
    rows = (
        AdvanceTemplate.objects.visible_to(request.user)
        .select_related("organization", "workspace")
        .annotate(line_count=Count("lines"))
        .order_by("name", "id")
    )
    return list_page(request, rows, TemplateFilter, template="advancing/templates/list.html", context={})


def _get_template(request, pk):
    qs = templating.with_lines(
        AdvanceTemplate.objects.visible_to(request.user).select_related("organization", "workspace", "created_by")
    )
    return get_object_or_404(qs, pk=pk)


def _detail(request, template, *, edit_form=None, status=200):
    user = request.user
    may_edit = templating.may_keep_templates(user, template.scope, "change")
    if may_edit and edit_form is None:
        initial = {"name": template.name, "production_type": template.production_type}
        edit_form = carry_version(request, TemplateEditForm(initial=initial), template)
    context = {
        "template": template,
        "lines": templating.start_lines(template),
        "can_use": bool(workspaces_for_new_advances(user, template.organization, only=template.workspace)),
        "edit_form": edit_form if may_edit else None,
        "can_delete": templating.may_keep_templates(user, template.scope, "delete"),
    }
    return render(request, "advancing/templates/detail.html", context, status=status)


def template_detail(request, pk):
    return _detail(request, _get_template(request, pk))


@require_POST
def template_edit(request, pk):
    template = _get_template(request, pk)
    if not templating.may_keep_templates(request.user, template.scope, "change"):
        raise PermissionDenied(_("Your role does not edit this template."))
    return form_action(
        request,
        TemplateEditForm(request.POST),
        save=lambda data: templating.update_template(template, actor=request.user, **data),
        redisplay=lambda form, status: _detail(request, template, edit_form=form, status=status),
        redirect_to=reverse("advancing:template", args=[template.pk]),
        success=_("Template saved."),
        versioned=template,
    )


@require_POST
def template_delete(request, pk):
    template = _get_template(request, pk)
    if not templating.may_keep_templates(request.user, template.scope, "delete"):
        raise PermissionDenied(_("Your role does not delete this template."))
    name = template.name
    return action_page(
        request,
        lambda: templating.delete_template(template, actor=request.user),
        redirect_to=reverse("advancing:templates"),
        success=_("Template “%(name)s” deleted.") % {"name": name},
    )


def save_as_template(request, pk):
    """An advance's catalog lines saved as a template (custom lines are not catalog lines: left out)."""
    advance = get_advance(request, pk)
    user = request.user
    if not templating.may_keep_templates(user, advance.workspace):
        raise PermissionDenied(_("Your role does not save advance templates here."))
    org_wide = templating.may_keep_templates(user, advance.organization)
    data = request.POST if request.method == "POST" else None

    def save(fields):
        here = fields.get("only_here", True) or not org_wide
        return templating.save_template(
            actor=user,
            organization=advance.organization,
            workspace=advance.workspace if here else None,
            name=fields["name"],
            production_type=fields["production_type"],
            from_advance=advance,
        )

    initial = {"name": advance.activation_name, "only_here": False}
    return form_page(
        request,
        TemplateSaveForm(data, org_wide_allowed=org_wide, initial=initial),
        save=save,
        template="advancing/templates/save.html",
        context={"advance": advance, "custom_lines": [i for i in advance.items.all() if i.catalog_item_id is None]},
        redirect_to=lambda saved: reverse("advancing:template", args=[saved.pk]),
        success=lambda saved: _("Template “%(name)s” saved.") % {"name": saved.name},
    )


# --- a new advance from a template or an earlier advance ------------------------------------------
def _start_page(request, source, *, workspaces, initial, title, back_url):
    if not workspaces:
        raise PermissionDenied(_("Your role does not create advances in a workspace this can be used in."))
    lines = templating.start_lines(source)
    data = request.POST if request.method == "POST" else None
    form = StartForm(data, user=request.user, workspaces=workspaces, lines=lines, initial=initial)

    def save(fields):
        return templating.start_advance(
            source,
            actor=request.user,
            workspace=form.chosen_workspace(),
            quantities=form.quantities(),
            production=fields["production"],
            team_workspace=fields["team_workspace"],
            activation_name=fields["activation_name"],
        )

    def success(started):
        if started.dropped:
            messages.warning(
                request,
                _("Left out, no longer offered in the catalog: %(names)s.") % {"names": ", ".join(started.dropped)},
            )
        return _("Draft #%(pk)s started.") % {"pk": started.advance.pk}

    return form_page(
        request,
        form,
        save=save,
        template="advancing/templates/start.html",
        context={
            "source": source,
            "title": title,
            "back_url": back_url,
            "unavailable": [x for x in lines if not x.available],
        },
        redirect_to=lambda started: reverse("advancing:detail", args=[started.advance.pk]),
        success=success,
    )


def start_from_template(request, pk):
    template = _get_template(request, pk)
    workspaces = workspaces_for_new_advances(request.user, template.organization, only=template.workspace)
    initial = {"workspace": workspaces[0].pk if workspaces else None}
    title = _("New advance from “%(name)s”") % {"name": template.name}
    return _start_page(
        request,
        template,
        workspaces=workspaces,
        initial=initial,
        title=title,
        back_url=reverse("advancing:template", args=[template.pk]),
    )


def start_from_advance(request, pk):
    """ "Same as last Tuesday in Hamburg": a new draft with an earlier advance's lines."""
    advance = get_advance(request, pk)
    workspaces = workspaces_for_new_advances(request.user, advance.organization)
    here = advance.workspace_id if any(ws.pk == advance.workspace_id for ws in workspaces) else None
    initial = {
        "workspace": here or (workspaces[0].pk if workspaces else None),
        "production": advance.production_id if here else None,
        "team_workspace": advance.team_workspace,
        "activation_name": advance.activation_name,
    }
    title = _("New advance like #%(pk)s") % {"pk": advance.pk}
    return _start_page(
        request,
        advance,
        workspaces=workspaces,
        initial=initial,
        title=title,
        back_url=reverse("advancing:detail", args=[advance.pk]),
    )


# --- roll-over ------------------------------------------------------------------------------------
def rollover_start(request, org_slug, ws_slug):
    """Roll this workspace's advances over into another workspace of the organization."""
    source = require_module(
        request, "advancing", "advancing.view_advance", _("Your role does not read the advances here.")
    )
    targets = [ws for ws in workspaces_for_new_advances(request.user, source.organization) if ws.pk != source.pk]
    if not targets and request.method == "POST":
        raise PermissionDenied(_("You may create advances in no other workspace of this organization."))
    data = request.POST if request.method == "POST" else None
    form = RolloverForm(data, targets=targets)
    return form_page(
        request,
        form if targets else None,
        save=lambda fields: rollovers.request_rollover(
            source, actor=request.user, target_workspace=form.target_workspace(), shift_days=fields["shift_days"]
        ),
        template="advancing/templates/rollover_form.html",
        context={
            "workspace": source,
            "recent": Rollover.objects.visible_to(request.user)
            .select_related("source_workspace", "workspace")
            .filter(source_workspace=source)[:5],
        },
        redirect_to=lambda rollover: reverse("advancing:rollover", args=[rollover.pk]),
        success=_("Roll-over queued: you will be notified when it is done."),
    )


def rollover_detail(request, pk):
    rollover = visible_or_404(Rollover, request.user, pk, "source_workspace", "workspace__organization")
    context = {"rollover": rollover, "running": rollover.status in (RolloverStatus.QUEUED, RolloverStatus.RUNNING)}
    return render(request, "advancing/templates/rollover.html", context)
