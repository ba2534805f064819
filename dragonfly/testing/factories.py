import itertools

from django.contrib.auth import get_user_model

from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.models import Membership, Organization, Workspace
from dragonfly.tenancy.roles import Role

PASSWORD = "dragonfly-test-pw"
_seq = itertools.count(1)


def make_org(name=None, **kwargs):
    n = next(_seq)
    name = name or f"Org {n}"
    return Organization.objects.create(name=name, slug=kwargs.pop("slug", f"org-{n}"), **kwargs)


def make_workspace(org, name=None, **kwargs):
    n = next(_seq)
    return Workspace.objects.create(
        organization=org, name=name or f"Workspace {n}", slug=kwargs.pop("slug", f"ws-{n}"), **kwargs
    )


def make_user(username=None, **kwargs):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **kwargs)
    return user


def make_member(role, org, workspace=None, user=None, expires_at=None, **user_kwargs):
    """A user holding `role` in a workspace (or org-wide when workspace is None)."""
    role = Role(role)
    user = user or make_user(f"{role.label.lower()}{next(_seq)}", **user_kwargs)
    Membership.objects.create(user=user, organization=org, workspace=workspace, role=role, expires_at=expires_at)
    clear_access(user)
    return user


class Tenant:
    """One organization with a workspace and one member per role in it (Phantom/Legend org-wide)."""

    def __init__(self, name):
        self.org = make_org(name)
        self.workspace = make_workspace(self.org, f"{name} Tour")
        self.other_workspace = make_workspace(self.org, f"{name} Festival")
        self.users = {}
        for role in Role:
            if role == Role.LEGEND:
                continue  # Legend is platform-wide; tests that need one make it explicitly
            ws = None if role == Role.PHANTOM else self.workspace
            self.users[role] = make_member(role, self.org, ws, is_staff=role == Role.PHANTOM)

    def user(self, role):
        return self.users[Role(role)]


def make_api_token(user, scopes=("write",), name="test token", days=30):
    """A personal API token of `user` (dragonfly.tokens): its secret, for `Authorization: Bearer <secret>`."""
    from dragonfly.tokens.services import create_token

    _token, secret = create_token(user, actor=user, name=name, scopes=list(scopes), expires_in_days=days)
    return secret
