"""The API tokens pages: the user's own (create, see the secret once, see last use, revoke) and the
organization admin's view of every member's token (revoke)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import action_page, paginate
from dragonfly.tenancy.access import is_org_admin

from . import services
from .forms import NewTokenForm
from .models import APIToken


def my_tokens(request):
    form = NewTokenForm(request.POST or None)
    created = secret = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                created, secret = services.create_token(request.user, actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                status, form = 201, NewTokenForm()
    page = paginate(request, services.tokens_of(request.user))
    context = {"form": form, "page": page, "created": created, "secret": secret}
    response = render(request, "tokens/mine.html", context, status=status)
    if secret:
        response["Cache-Control"] = "no-store"  # the secret is shown once: no copy in a cache
    return response


def _organization(request):
    workspace = request.workspace
    organization = workspace.organization if workspace else None
    if organization is None or not is_org_admin(request.user, organization):
        raise PermissionDenied(_("Only organization admins see the organization's tokens."))
    return organization


def organization_tokens(request):
    organization = _organization(request)
    page = paginate(request, services.organization_tokens(organization, actor=request.user))
    return render(request, "tokens/organization.html", {"organization": organization, "page": page})


def _revoke(request, token_id, redirect_to, rows):
    token = get_object_or_404(rows, public_id=token_id)
    return action_page(
        request,
        lambda: services.revoke_token(token, actor=request.user),
        redirect_to=redirect_to,
        success=_("Token “%(name)s” revoked: it no longer works.") % {"name": token.name},
    )


@require_POST
def revoke_mine(request, token_id):
    return _revoke(request, token_id, "tokens:mine", APIToken.objects.filter(user=request.user))


@require_POST
def revoke_organization(request, token_id):
    """Only an admin of the current organization sees its members' tokens: to anyone else (another
    organization's member, a colleague) a token id is not found (404)."""
    workspace = request.workspace
    organization = workspace.organization if workspace else None
    rows = APIToken.objects.none()
    if organization is not None and is_org_admin(request.user, organization):
        rows = APIToken.objects.of_organization(organization).select_related("user")
    return _revoke(request, token_id, "tokens:organization", rows)
