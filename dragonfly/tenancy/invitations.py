"""Invitations: an admin invites someone by email with a role (and a workspace); the link joins them.

A link is `secrets.token_urlsafe` and only its sha256 is stored. It expires (INVITATION_EXPIRY_DAYS),
works once (accepting locks the row), can be revoked, and resending mails a new link and kills the
old one. The mail goes out after the change commits (dragonfly.accounts.mail)."""

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.accounts.mail import mail_on_commit
from dragonfly.activity.services import record_activity
from dragonfly.core.errors import Conflict, DomainError
from dragonfly.core.inputs import require

from .access import display_name
from .models import Invitation, Membership
from .roles import Role
from .services import grant_membership, grantable_roles


class InvitationInvalid(DomainError):
    pass


class InvitationUnusable(Conflict):
    """The link was used, revoked or has expired: nothing happens, and the page says which."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_EXPIRY_DAYS)
    invitation.sent_at = timezone.now()
    return token


def invite_refusal(organization: Any, *, actor: Any, email: str, role: Any, workspace: Any) -> str:
    """Why this invitation may not be sent (a sentence), or "" when it may: shared by the form,
    the API and every row of a bulk invite."""
    try:
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not an email address.") % {"email": email}
    try:
        role = Role(int(role))
    except (TypeError, ValueError):
        return _("“%(role)s” is not a role.") % {"role": role}
    if role not in grantable_roles(actor, organization):
        return _("You may not grant the %(role)s role.") % {"role": role.label}
    if workspace is not None and workspace.organization_id != organization.pk:
        return _("This workspace belongs to another organization.")
    members = Membership.objects.active().filter(organization=organization, user__email__iexact=email)
    if members.exists():
        return _("%(email)s is already a member of %(organization)s.") % {
            "email": email,
            "organization": organization.name,
        }
    if Invitation.objects.pending().filter(organization=organization, email__iexact=email).exists():
        return _("%(email)s is already invited; resend that invitation from the pending list.") % {"email": email}
    return ""


def invite(
    organization: Any, *, actor: Any, email: str, role: int, workspace: Any = None, name: str = "", base_url: str
) -> Invitation:
    """Invite `email` to `organization` as `role` (in `workspace`, or org-wide) and mail them the link."""
    require(actor, "tenancy.add_invitation", organization, _("Your role does not invite people to this organization."))
    email = (email or "").strip().lower()
    refusal = invite_refusal(organization, actor=actor, email=email, role=role, workspace=workspace)
    if refusal:
        raise InvitationInvalid(refusal)
    with transaction.atomic():
        invitation = Invitation(
            organization=organization, workspace=workspace, email=email, name=(name or "").strip()[:200]
        )
        invitation.role, invitation.invited_by = int(role), actor
        token = _new_link(invitation)
        invitation.save()
        record_activity(invitation, actor=actor, verb="invitation.sent", workspace=workspace, data={"email": email})
        _mail(invitation, token, base_url)
    return invitation


def resend_invitation(invitation: Invitation, *, actor: Any, base_url: str) -> Invitation:
    """Mail a fresh link (a new expiry too); the old link stops working."""
    _require_admin(invitation, actor)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise InvitationUnusable(
                _("This invitation was already %(status)s.") % {"status": str(invitation.status.label).lower()}
            )
        token = _new_link(invitation)
        invitation.save(update_fields=["token_hash", "expires_at", "sent_at"])
        record_activity(invitation, actor=actor, verb="invitation.resent", workspace=invitation.workspace)
        _mail(invitation, token, base_url)
    return invitation


def revoke_invitation(invitation: Invitation, *, actor: Any) -> Invitation:
    _require_admin(invitation, actor)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise InvitationUnusable(_("This invitation was already accepted; remove the member instead."))
        if not invitation.revoked_at:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            record_activity(invitation, actor=actor, verb="invitation.revoked", workspace=invitation.workspace)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organization", "workspace", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def unusable_reason(invitation: Invitation | None) -> str:
    """Why a link does not work any more, in words for the person holding it; "" when it works."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link from the email.")
    inviter = display_name(invitation.invited_by)
    return {
        Invitation.Status.ACCEPTED: _("This invitation was already used. Sign in to reach the workspace."),
        Invitation.Status.REVOKED: _("This invitation was withdrawn. Ask %(inviter)s for a new one if you need access.")
        % {"inviter": inviter},
        Invitation.Status.EXPIRED: _("This invitation has expired. Ask %(inviter)s to send you a new one.")
        % {"inviter": inviter},
    }.get(invitation.status, "")


def accept_invitation(token: str, *, user: Any) -> Membership:
    """Join as the invitation says, once: the row is locked, so two clicks cannot both use it."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token or "")).first()
        reason = unusable_reason(invitation)
        if reason or invitation is None:
            raise InvitationUnusable(reason)
        if (user.email or "").lower() != invitation.email.lower():
            raise InvitationInvalid(
                _(
                    "This invitation is for %(email)s; you are signed in as %(you)s. "
                    "Sign out and open the link again, or ask for an invitation to your address."
                )
                % {"email": invitation.email, "you": user.email or user.username}
            )
        membership = grant_membership(
            user,
            organization=invitation.organization,
            workspace=invitation.workspace,
            role=invitation.role,
            actor=user,
            check=False,  # vetted when the invitation was sent
        )
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record_activity(invitation, actor=user, verb="invitation.accepted", workspace=invitation.workspace)
    return membership


def accept_as_new_user(token: str, *, first_name: str, last_name: str, password: str) -> Membership:
    """Create the invitee's account (their address is proven by the mailed link) and join."""
    from dragonfly.accounts.services import create_account

    invitation = invitation_for_token(token)
    reason = unusable_reason(invitation)
    if reason or invitation is None:
        raise InvitationUnusable(reason)
    if get_user_model().objects.filter(email__iexact=invitation.email).exists():
        raise InvitationInvalid(
            _("An account already uses %(email)s; sign in to accept.") % {"email": invitation.email}
        )
    with transaction.atomic():
        user = create_account(
            email=invitation.email, first_name=first_name, last_name=last_name, password=password, verified=True
        )
        return accept_invitation(token, user=user)


def _require_admin(invitation: Invitation, actor: Any) -> None:
    require(
        actor, "tenancy.change_invitation", invitation.organization, _("Only organization admins manage invitations.")
    )


def _mail(invitation: Invitation, token: str, base_url: str) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from .access import mail_language

    link = base_url.rstrip("/") + reverse("invitation_accept", args=[token])
    inviter = display_name(invitation.invited_by)
    days = settings.INVITATION_EXPIRY_DAYS
    # The invitee's language when they already have an account, else the inviting admin's (the page's).
    known = get_user_model().objects.filter(email__iexact=invitation.email, is_active=True).first()
    with translation.override(mail_language(known) if known else translation.get_language()):
        greeting = _("Hello %(name)s,") % {"name": invitation.name} if invitation.name else _("Hello,")
        body = (
            greeting
            + "\n\n"
            + _(
                "%(inviter)s invites you to join %(organization)s on Dragonfly as %(role)s in %(where)s.\n\n"
                "Accept here (the link works once, for %(days)s days):\n%(link)s\n\n"
                "If you did not expect this, ignore this email."
            )
            % {
                "inviter": inviter,
                "organization": invitation.organization.name,
                "role": invitation.get_role_display(),
                "where": invitation.where,
                "days": days,
                "link": link,
            }
        )
        subject = _("Join %(organization)s on Dragonfly") % {"organization": invitation.organization.name}
    mail_on_commit(subject, body, invitation.email)
