"""Stock pages (issue 22): "hire the rest" on a reviewer's line, and the catalog → assets mapping."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import get_access

from .. import stock
from ..models import CatalogItem, StockMapping
from ._common import error_status, get_advance
from .advances import render_detail


@require_POST
def hire_the_rest(request, pk, item_id):
    advance = get_advance(request, pk)
    if not any(i.pk == item_id for i in advance.items.all()):
        raise Http404(_("No such line on this advance."))
    if not stock.may_see_stock(request.user, advance):
        raise PermissionDenied(_("Only reviewers of this advance may hire what the stock lacks."))
    try:
        hired = stock.hire_the_rest(advance, actor=request.user, item_id=item_id)
    except DomainError as exc:
        return render_detail(request, get_advance(request, pk), status=error_status(exc), error=str(exc))
    messages.success(
        request, _("%(quantity)s × “%(line)s” to hire.") % {"quantity": _plain(hired.quantity), "line": hired.name}
    )
    return redirect(reverse("advancing:detail", args=[advance.pk]) + f"#line-{hired.pk}")


def _plain(quantity):
    return format(quantity.normalize(), "f")


class MappingForm(forms.Form):
    catalog_item = forms.ModelChoiceField(
        label=gettext_lazy("Catalog item"), queryset=CatalogItem.objects.enabled().order_by("category", "item_id")
    )
    asset_category = forms.ChoiceField(label=gettext_lazy("Asset category"))
    factor = forms.IntegerField(label=gettext_lazy("Assets per unit"), min_value=1, max_value=1000, initial=1)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset_category"].choices = [(c, c) for c in categories]


def _mapping_workspace(request):
    workspace = request.workspace or None
    if not stock.may_map_stock(request.user, workspace):
        raise PermissionDenied(_("Only who manages the assets maps the catalog to them."))
    return workspace


def stock_mapping(request):
    """The organization's catalog → asset category mapping: list, add (or replace), remove."""
    workspace = _mapping_workspace(request)
    organization = workspace.organization
    categories = stock.asset_categories(organization)
    form = MappingForm(request.POST or None, categories=categories)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                mapping = stock.save_mapping(organization, actor=request.user, workspace=workspace, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = error_status(exc)
            else:
                messages.success(
                    request,
                    _("%(item)s is taken from %(category)s.")
                    % {"item": mapping.catalog_item.name, "category": mapping.asset_category},
                )
                return redirect("advancing:stock_mapping")
    context = {
        "organization": organization,
        "mappings": stock.mappings_of(organization),
        "form": form,
        "has_categories": bool(categories),
    }
    return render(request, "advancing/stock_mapping.html", context, status=status)


@require_POST
def delete_stock_mapping(request, mapping_id):
    # Another organization's mapping is a 404 whoever asks (found before the permission is checked);
    # one of the reader's own organizations needs the asset managers' right (403).
    mine = get_access(request.user).organization_ids
    mapping = get_object_or_404(StockMapping, pk=mapping_id, organization_id__in=mine)
    workspace = _mapping_workspace(request)
    if mapping.organization_id != workspace.organization_id:
        raise Http404("No such mapping in this organization.")
    stock.delete_mapping(mapping, actor=request.user, workspace=workspace)
    messages.success(request, _("Mapping removed."))
    return redirect("advancing:stock_mapping")
