"""The crew's side of share links: an advance's links with their last use, making one, resetting and
revoking. Who may edit the advance may share it; other readers get a 403, other organizations a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import error_status

from .. import sharing
from ..share_forms import ShareLinkForm
from ._common import get_advance


def _shareable(request, pk):
    advance = get_advance(request, pk, with_items=False)
    if not sharing.may_share(request.user, advance):
        raise PermissionDenied(_("Only who may edit this advance shares it outside the organization."))
    return advance


def share_url(request, token):
    return request.build_absolute_uri(reverse("advancing:shared", args=[token]))


def render_links(request, advance, *, form=None, new_link="", new_for="", error="", status=200):
    context = {
        "advance": advance,
        "links": list(sharing.links_of(advance)),
        "form": form or ShareLinkForm(),
        "new_link": new_link,
        "new_for": new_for,
        "error": error,
    }
    response = render(request, "advancing/share_links.html", context, status=status)
    if new_link:
        response["Cache-Control"] = "no-store"  # the token is on this page once
    return response


def share_links(request, pk):
    """GET: the advance's links; POST: a new one, whose URL is shown on this answer only."""
    advance = _shareable(request, pk)
    if request.method != "POST":
        return render_links(request, advance)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        return render_links(request, advance, form=form, status=400)
    valid_from, valid_until = form.window()
    try:
        link, token = sharing.share_advance(
            advance,
            actor=request.user,
            label=form.cleaned_data["label"],
            valid_from=valid_from,
            valid_until=valid_until,
            passcode=form.cleaned_data["passcode"],
            shared_fields=form.cleaned_data["shared_fields"],
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return render_links(request, advance, form=form, status=error_status(exc))
    return render_links(request, advance, new_link=share_url(request, token), new_for=link.label, status=201)


@require_POST
def share_reset(request, pk, link_id):
    advance = _shareable(request, pk)
    link = get_object_or_404(sharing.links_of(advance), pk=link_id)
    try:
        link, token = sharing.reset_share_link(link, actor=request.user)
    except DomainError as exc:
        return render_links(request, advance, error=str(exc), status=error_status(exc))
    return render_links(request, advance, new_link=share_url(request, token), new_for=link.label)


@require_POST
def share_revoke(request, pk, link_id):
    advance = _shareable(request, pk)
    link = get_object_or_404(sharing.links_of(advance), pk=link_id)
    try:
        sharing.revoke_share_link(link, actor=request.user)
    except DomainError as exc:
        return render_links(request, advance, error=str(exc), status=error_status(exc))
    messages.success(request, _("The link for %(label)s no longer opens the advance.") % {"label": link.label})
    return redirect("advancing:share_links", advance.pk)
