"""Compliance: the production's permits, certificates, assessments and plans, with documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import carry_version, form_action, saving_edit
from dragonfly.core.versioning import StaleEdit

from .. import services
from ..forms import ComplianceForm
from ..models import ComplianceItem
from ..selectors import local_today
from ._common import error_status, get_compliance_item, get_production, production_context


def compliance(request, pk, *, form=None, status=200):
    production = get_production(request, pk)
    context = production_context(request, production, "compliance")
    today = local_today(production.workspace)
    items = list(
        ComplianceItem.objects.visible_to(request.user)
        .filter(production=production)
        .select_related("owner", "document")
        .order_by("required_by", "id")[:300]
    )
    for item in items:
        item.gap = item.is_gap(today)
    if context["can"]["add_compliance"] and form is None:
        form = ComplianceForm(workspace=production.workspace)
    context.update({"items": items, "form": form, "today": today, "gaps": sum(i.gap for i in items)})
    context["new_url"] = "#new-compliance-item" if form is not None else ""  # the empty state's button
    return render(request, "productions/tab_compliance.html", context, status=status)


@require_POST
def new_compliance_item(request, pk):
    production = get_production(request, pk)
    if not request.user.has_perm("productions.add_complianceitem", production):
        raise PermissionDenied(_("You may not add compliance items to this production."))
    return form_action(
        request,
        ComplianceForm(request.POST, request.FILES, workspace=production.workspace),
        save=lambda data: services.create_compliance_item(production, actor=request.user, **data),
        redisplay=lambda form, status: compliance(request, pk, form=form, status=status),
        redirect_to=reverse("productions:compliance", args=[pk]),
        success=lambda item: _("“%(title)s” added.") % {"title": item.title},
    )


def compliance_item(request, pk):
    """One item: its facts, its document, and (for those who may) the edit form."""
    from dragonfly.activity.models import ActivityEntry

    item = get_compliance_item(request, pk)
    can_change = request.user.has_perm("productions.change_complianceitem", item)
    initial = {
        f: getattr(item, f) for f in ("kind", "title", "authority", "reference", "required_by", "expires_on", "notes")
    }
    initial["owner"] = item.owner_id
    initial["status"] = item.status if item.status not in ("expiring", "expired") else "approved"
    form = (
        ComplianceForm(
            request.POST or None, request.FILES or None, workspace=item.production.workspace, initial=initial
        )
        if can_change
        else None
    )
    carry_version(request, form, item)
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("You may not edit this compliance item."))
        if request.POST.get("delete"):
            production_id = item.production_id
            services.delete_compliance_item(item, actor=request.user)
            messages.success(request, _("“%(title)s” deleted.") % {"title": item.title})
            return redirect("productions:compliance", production_id)
        if form.is_valid():
            data = dict(form.cleaned_data)
            document = data.pop("document")
            try:
                with saving_edit(form, item):
                    services.update_compliance_item(item, actor=request.user, document=document, **data)
            except StaleEdit:
                status = 409  # the form shows what changed, Reload and Save anyway
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(request, _("Compliance item saved."))
                return redirect("productions:compliance_item", item.pk)
        else:
            status = 400
    context = production_context(request, item.production, "compliance")
    context.update(
        {
            "item": item,
            "form": form,
            "gap": item.is_gap(local_today(item.production.workspace)),
            "history": ActivityEntry.objects.for_object(item)[:10],
        }
    )
    return render(request, "productions/compliance_item.html", context, status=status)
