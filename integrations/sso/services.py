"""Single sign-on: an organization admin's OIDC configuration, and the sign-in it serves.

Writing the configuration is the admin's (`save_config`, `request_check`, `remove_config`); the
check with the provider runs in Celery (`integrations.sso.tasks`). The sign-in itself talks to
the provider inside the request (the browser waits on the redirect): `begin_login` picks the
organization by the email's domain, `complete_login` checks what came back, finds or creates the
user and gives them the organization's default role on their first visit (just in time)."""

from __future__ import annotations

import re
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import is_org_admin
from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.roles import ORG_ADMIN_ROLES, Role
from dragonfly.tenancy.services import grant_membership

from ..crypto import seal, unseal
from ..models import SSOConfig, SSODomain
from . import oidc

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Roles an admin may hand to whoever signs in: never an organization admin's (or the platform's).
JIT_ROLES = [role for role in Role if role not in ORG_ADMIN_ROLES]
PENDING_SECONDS = 600


class SSOInvalid(DomainError):
    pass


class SSOFailed(Exception):
    """A sign-in that cannot go on; the message is shown to the person signing in."""


def _require_admin(actor: Any, organization: Any) -> None:
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may manage integrations."))


def config_for(organization: Any) -> SSOConfig | None:
    return SSOConfig.objects.filter(organization=organization).prefetch_related("domains").first()


def parse_domains(text: str) -> list[str]:
    domains = sorted({d.strip().lower().lstrip("@") for d in re.split(r"[\s,;]+", text or "") if d.strip()})
    if not domains:
        raise SSOInvalid(_("Give at least one email domain."))
    for domain in domains:
        if not DOMAIN.match(domain):
            raise SSOInvalid(_("“%(domain)s” is not an email domain.") % {"domain": domain})
    return domains


def save_config(organization: Any, *, actor: Any, values: dict[str, Any]) -> SSOConfig:
    """Create or replace the organization's SSO configuration; a check with the provider is queued.
    An empty client secret keeps the stored one."""
    _require_admin(actor, organization)
    issuer = (values.get("issuer") or "").strip()
    client_id = (values.get("client_id") or "").strip()
    secret = (values.get("client_secret") or "").strip()
    if not issuer.startswith(("https://", "http://")) or len(issuer) > 500:
        raise SSOInvalid(_("Give the provider's issuer URL (https://…)."))
    if not client_id or len(client_id) > 255:
        raise SSOInvalid(_("Give the client ID."))
    role = int(values.get("default_role") or Role.RAIDER)
    if role not in JIT_ROLES:
        raise SSOInvalid(_("New members cannot join as organization admins."))
    domains = parse_domains(values.get("domains", ""))
    taken = SSODomain.objects.filter(domain__in=domains).exclude(config__organization=organization)
    if taken.exists():
        raise SSOInvalid(
            _("%(domain)s is served by another organization's sign-on.") % {"domain": taken.first().domain}  # type: ignore[union-attr]
        )
    with transaction.atomic():
        config = SSOConfig.objects.select_for_update().filter(organization=organization).first()
        if config is None:
            if not secret:
                raise SSOInvalid(_("Give the client secret."))
            config = SSOConfig(organization=organization)
        if secret:
            config.secrets = seal({"client_secret": secret})
            config.key_hint = secret[-4:]
        config.issuer, config.client_id, config.default_role = issuer, client_id, role
        config.enforce_sso = bool(values.get("enforce_sso"))
        config.require_admin_two_factor = bool(values.get("require_admin_two_factor"))
        config.configured_by = actor
        config.last_error, config.last_success_at = "", None
        config.save()
        config.domains.exclude(domain__in=domains).delete()
        for domain in domains:
            SSODomain.objects.get_or_create(config=config, domain=domain)
        record_activity(config, actor=actor, verb="sso.configured", data={"issuer": issuer, "domains": domains})
        _queue_check(config)
    return config


def remove_config(config: SSOConfig, *, actor: Any) -> None:
    _require_admin(actor, config.organization_id)
    with transaction.atomic():
        record_activity(config.organization, actor=actor, verb="sso.removed", data={"issuer": config.issuer})
        config.delete()


def request_check(config: SSOConfig, *, actor: Any) -> None:
    _require_admin(actor, config.organization_id)
    with transaction.atomic():
        _queue_check(config)


def _queue_check(config: SSOConfig) -> None:
    from .tasks import check_sso

    check_sso.delay_on_commit(config.pk)


def finish_check(config: SSOConfig, *, error: str = "") -> SSOConfig:
    now = timezone.now()
    config.last_checked_at, config.last_error = now, error
    fields = ["last_checked_at", "last_error", "updated_at"]
    if not error:
        config.last_success_at = now
        fields.append("last_success_at")
    config.save(update_fields=fields)
    return config


# Sign-in


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[1].strip().lower() if "@" in (email or "") else ""


def config_for_email(email: str) -> SSOConfig | None:
    domain = domain_of(email)
    if not domain:
        return None
    found = SSODomain.objects.select_related("config").filter(domain=domain, config__secrets__gt="").first()
    return found.config if found else None


def begin_login(email: str, *, redirect_uri: str) -> tuple[str, dict[str, Any]]:
    """The provider's authorize URL for `email`, and what the session keeps until the callback."""
    config = config_for_email(email)
    if config is None:
        raise SSOFailed(
            _("No organization signs in %(domain)s addresses with single sign-on.")
            % {"domain": domain_of(email) or email}
        )
    try:
        metadata = oidc.discover(config.issuer)
    except (oidc.Refused, oidc.Unreachable) as exc:
        raise SSOFailed(_("Your organization's sign-on provider did not answer: %(error)s") % {"error": exc}) from exc
    pending = oidc.new_pending()
    url = oidc.authorize_url(
        metadata, client_id=config.client_id, redirect_uri=redirect_uri, pending=pending, login_hint=email
    )
    keep = {
        "config": config.pk,
        "state": pending.state,
        "nonce": pending.nonce,
        "verifier": pending.code_verifier,
        "at": time.time(),
    }
    return url, keep


def complete_login(kept: dict[str, Any] | None, *, state: str, code: str, redirect_uri: str) -> Any:
    """The user the provider vouched for (created and made a member on their first visit);
    `SSOFailed` when anything does not check out, and then nothing was written."""
    if not kept or not state or kept.get("state") != state:
        raise SSOFailed(_("This sign-in link is not the one we started (state mismatch). Start again."))
    if time.time() - float(kept.get("at", 0)) > PENDING_SECONDS:
        raise SSOFailed(_("The sign-in took too long. Start again."))
    config = SSOConfig.objects.select_related("organization").filter(pk=int(kept.get("config") or 0)).first()
    if config is None or not config.secrets:
        raise SSOFailed(_("Single sign-on is no longer set up for this organization."))
    if not code:
        raise SSOFailed(_("The provider sent no authorization code."))
    pending = oidc.Pending(kept["state"], kept["nonce"], kept["verifier"])
    try:
        metadata = oidc.discover(config.issuer)
        token = oidc.exchange_code(
            metadata,
            client_id=config.client_id,
            client_secret=unseal(config.secrets).get("client_secret", ""),
            redirect_uri=redirect_uri,
            code=code,
            pending=pending,
        )
        claims = oidc.validate_id_token(
            token["id_token"],
            oidc.signing_keys(metadata, token["id_token"]),
            issuer=config.issuer,
            client_id=config.client_id,
            nonce=pending.nonce,
        )
        if not claims.get("email"):
            claims = {**oidc.userinfo(metadata, token.get("access_token", "")), **claims}
    except oidc.InvalidToken as exc:
        raise SSOFailed(_("The provider's sign-in token did not check out (%(error)s).") % {"error": exc}) from exc
    except (oidc.Refused, oidc.Unreachable) as exc:
        raise SSOFailed(_("Your organization's sign-on provider refused: %(error)s") % {"error": exc}) from exc
    email = str(claims.get("email") or "").strip()
    if not email or claims.get("email_verified") not in (True, "true"):
        raise SSOFailed(_("The provider did not vouch for your email address (it is not verified)."))
    if not config.domains.filter(domain=domain_of(email)).exists():
        raise SSOFailed(_("%(email)s is not in a domain this organization's sign-on serves.") % {"email": email})
    return _user_for(config, email, claims)


def _user_for(config: SSOConfig, email: str, claims: dict[str, Any]) -> Any:
    User = get_user_model()
    with transaction.atomic():
        matches = list(User.objects.select_for_update().filter(email__iexact=email)[:2])
        if len(matches) > 1:
            raise SSOFailed(_("Several accounts use %(email)s; ask your admin to merge them.") % {"email": email})
        user = matches[0] if matches else None
        if user is None:
            username = email.lower()[:150]
            if User.objects.filter(username__iexact=username).exists():
                username = f"{username[:140]}-{claims['sub']}"[:150]
            user = User(
                username=username,
                email=email,
                first_name=str(claims.get("given_name", ""))[:150],
                last_name=str(claims.get("family_name", ""))[:150],
            )
            user.set_unusable_password()
            user.save()
        elif not user.is_active:
            raise SSOFailed(_("This account is switched off."))
        organization = config.organization
        if not Membership.objects.active().filter(user=user, organization=organization).exists():
            grant_membership(
                user, organization=organization, workspace=None, role=config.default_role, actor=user, check=False
            )
            record_activity(
                config,
                actor=user,
                verb="sso.member_joined",
                data={"user": user.username, "role": Role(config.default_role).label},
            )
    return user


# Login policy hooks (dragonfly.accounts.login_policy)


def password_refusal(username: str) -> str | None:
    """Refuse a password sign-in when the account's email domain must sign in with SSO."""
    emails = {username} if "@" in username else set()
    found = get_user_model().objects.filter(username__iexact=username).values_list("email", flat=True).first()
    if found:
        emails.add(found)
    domains = {domain_of(e) for e in emails} - {""}
    if domains and SSODomain.objects.filter(domain__in=domains, config__enforce_sso=True).exists():
        return _("Your organization signs you in with single sign-on: use “Sign in with SSO” below.")
    return None


def requires_two_factor(user: Any) -> bool:
    """An org admin (org-wide Phantom or Legend) of an organization that requires two-factor for its
    admins. One query, and not through get_access: that caches on the user object at sign-in."""
    admin_of = Membership.objects.active().filter(user=user, workspace__isnull=True, role__in=ORG_ADMIN_ROLES)
    return SSOConfig.objects.filter(
        require_admin_two_factor=True, organization_id__in=admin_of.values("organization_id")
    ).exists()
