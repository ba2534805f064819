"""Invitation pages: the admin's pending list (invite, resend, revoke, bulk from CSV) and the invitee's accept page."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dragonfly.core.api import page_throttled
from dragonfly.core.errors import DomainError
from dragonfly.core.pages import action_page, form_action, paginate
from dragonfly.tenancy import bulk_invite
from dragonfly.tenancy.access import display_name
from dragonfly.tenancy.invitations import (
    accept_as_new_user,
    accept_invitation,
    invitation_for_token,
    invite,
    resend_invitation,
    revoke_invitation,
    unusable_reason,
)
from dragonfly.tenancy.middleware import remember_workspace
from dragonfly.tenancy.models import Invitation, Membership
from dragonfly.tenancy.services import grantable_roles, remove_member

from .admin_area_views import assign_form_for
from .forms import BulkInviteForm, InviteForm, NewPasswordForm
from .signup_views import BACKEND, TOO_MANY, base_url


def _organization(request):
    """The current workspace's organization, when the user may invite there (403 otherwise)."""
    workspace = request.workspace
    organization = workspace.organization if workspace else None
    if organization is None or not request.user.has_perm("tenancy.add_invitation", organization):
        raise PermissionDenied(_("Only organization admins invite people."))
    return organization


def invitation_list(request):
    organization = _organization(request)
    form = InviteForm(
        request.POST or None, organization=organization, roles=grantable_roles(request.user, organization)
    )

    def redisplay(form, status):
        rows = Invitation.objects.visible_to(request.user).filter(organization=organization)
        page = paginate(request, rows.select_related("workspace", "invited_by"))
        context = {"organization": organization, "form": form, "page": page}
        return render(request, "accounts/invitations.html", context, status=status)

    if request.method != "POST":
        return redisplay(form, 200)

    def save(data):
        fields = {k: data[k] for k in ("email", "name", "role", "workspace")}
        return invite(organization, actor=request.user, base_url=base_url(request), **fields)

    return form_action(
        request,
        form,
        save=save,
        redisplay=redisplay,
        redirect_to="invitations",
        success=lambda inv: _("Invitation sent to %(email)s.") % {"email": inv.email},
    )


def _invitation(request, pk):
    return get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)


@require_POST
def invitation_resend(request, pk):
    invitation = _invitation(request, pk)
    return action_page(
        request,
        lambda: resend_invitation(invitation, actor=request.user, base_url=base_url(request)),
        redirect_to="invitations",
        success=_("A new link went to %(email)s; the old one no longer works.") % {"email": invitation.email},
    )


@require_POST
def invitation_revoke(request, pk):
    invitation = _invitation(request, pk)
    return action_page(
        request,
        lambda: revoke_invitation(invitation, actor=request.user),
        redirect_to="invitations",
        success=_("The invitation of %(email)s is withdrawn.") % {"email": invitation.email},
    )


def invitation_import(request):
    """Upload a CSV → a preview with each row's problems → confirm sends the valid rows only."""
    organization = _organization(request)
    # Bound on every POST, even an empty one, so a post without a file is told to choose one.
    form = BulkInviteForm(request.POST, request.FILES) if request.method == "POST" else BulkInviteForm()
    context = {"organization": organization, "form": form, "columns": bulk_invite.COLUMNS}
    if request.method != "POST":
        return render(request, "accounts/invitation_import.html", context)
    text = ""
    if form.is_valid():
        try:
            text = form.csv_text()
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
    if not text.strip():
        if not form.errors:
            form.add_error("file", _("Choose a CSV file."))
        return render(request, "accounts/invitation_import.html", context, status=400)
    if form.cleaned_data.get("confirm"):
        sent = bulk_invite.send_valid(organization, actor=request.user, text=text, base_url=base_url(request))
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", len(sent)) % {"count": len(sent)},
        )
        return redirect("invitations")
    preview = bulk_invite.preview(organization, actor=request.user, text=text)
    context.update(preview=preview, text=text)
    return render(request, "accounts/invitation_import.html", context, status=400 if preview.problems else 200)


@login_not_required
def invitation_accept(request, token):
    """The invitee's page: join as the signed-in user, or create an account (the mailed link proves the address)."""
    invitation = invitation_for_token(token)
    reason = unusable_reason(invitation)
    if reason:
        context = {"title": _("This invitation cannot be used"), "message": reason}
        return render(request, "accounts/message.html", context, status=404 if invitation is None else 410)
    if page_throttled(request, "accept"):
        return render(request, "accounts/message.html", {"title": _("Slow down"), "message": TOO_MANY}, status=429)
    user = request.user
    has_account = get_user_model().objects.filter(email__iexact=invitation.email).exists()
    form = NewPasswordForm(request.POST or None) if not user.is_authenticated and not has_account else None
    context = {"invitation": invitation, "form": form, "has_account": has_account}
    if request.method == "POST":
        try:
            if user.is_authenticated:
                membership = accept_invitation(token, user=user)
            elif form is not None and form.is_valid():
                data = form.cleaned_data
                membership = accept_as_new_user(
                    token, first_name=data["first_name"], last_name=data["last_name"], password=data["password1"]
                )
                login(request, membership.user, backend=BACKEND)
            else:
                return render(request, "accounts/invitation_accept.html", context, status=400)
        except DomainError as exc:
            context["error"] = str(exc)
            return render(request, "accounts/invitation_accept.html", context, status=400)
        remember_workspace(request, membership.workspace or invitation.organization.workspaces.first())
        messages.success(request, _("Welcome to %(organization)s.") % {"organization": invitation.organization.name})
        return redirect("home")
    return render(request, "accounts/invitation_accept.html", context)


def member_list(request):
    """The organization's people and their roles, with a button that removes someone (and signs them out)."""
    organization = _organization(request)
    members = (
        Membership.objects.visible_to(request.user)
        .filter(organization=organization)
        .select_related("user", "workspace")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    context = {
        "organization": organization,
        "page": paginate(request, members),
        "assign_form": assign_form_for(request, organization),
    }
    return render(request, "accounts/members.html", context)


@require_POST
def member_remove(request, username):
    workspace = request.workspace
    # Someone may hold several memberships here (org-wide and in workspaces): removing takes them all.
    # A member the user may not see is a 404 before their role is asked about (a 403).
    membership = (
        Membership.objects.visible_to(request.user)
        .filter(organization=workspace.organization if workspace else None, user__username=username)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404(_("No such member."))
    organization = _organization(request)
    person = membership.user
    return action_page(
        request,
        lambda: remove_member(organization, person, actor=request.user),
        redirect_to="members",
        success=_("%(person)s is removed from %(organization)s and signed out everywhere.")
        % {"person": display_name(person), "organization": organization.name},
    )
