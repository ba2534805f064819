"""The home page's "getting started" checklist for a new organization's admin.

Each step is read from real data every time the page is drawn, so it ticks itself as things
happen. The core knows no module: a module registers its steps in its AppConfig.ready() (a
production, a submitted advance, a connected calendar); the core registers "invite your team"."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.access import is_org_admin

from .models import profile_for


@dataclass(frozen=True)
class Step:
    key: str
    label: str | Promise  # gettext_lazy: a module registers it once, each reader reads it in their language
    done: Callable[[Any, Any], bool]  # (user, workspace) -> bool
    url_name: str
    order: int


_steps: dict[str, Step] = {}


def register_step(key, label, done, url_name, order):
    _steps[key] = Step(key, label, done, url_name, order)


def _url(step, workspace):
    for args in ([], [workspace.organization.slug, workspace.slug]):
        try:
            return reverse(step.url_name, args=args)
        except NoReverseMatch:
            continue
    return ""


def checklist(user, workspace):
    """[(step, done, url)] for the workspace's organization admin, until dismissed; None when hidden."""
    if workspace is None or not is_org_admin(user, workspace.organization):
        return None
    if profile_for(user).onboarding_dismissed_at:
        return None
    steps = sorted(_steps.values(), key=lambda s: s.order)
    return [(step, bool(step.done(user, workspace)), _url(step, workspace)) for step in steps]


def dismiss_checklist(user):
    profile = profile_for(user)
    profile.onboarding_dismissed_at = timezone.now()
    profile.save()


def _team_invited(user, workspace):
    from dragonfly.tenancy.models import Invitation, Membership

    org = workspace.organization_id
    return (
        Invitation.objects.filter(organization_id=org).exists()
        or Membership.objects.filter(organization_id=org).exclude(user=user).exists()
    )


register_step("invite", _("Invite your team"), _team_invited, "invitations", order=10)
