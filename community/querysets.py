"""Who reads what in the community, decided once here.

A post shows by its scope: a workspace post to the members of that workspace, an organization post
to the members of the organization, a public post to any signed-in user of any organization. Never
one by or for someone who blocked the reader, or whom the reader blocked. A post a moderator hid or
removed shows only to the moderators of its organization (its admins) and to platform admins.
Comments and reactions are read through their post; follows, connections, blocks and reports are
their parties' own (reports also their organization's moderators').
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db.models import Q

from dragonfly.tenancy.querysets import VisibleQuerySet

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access

WORKSPACE, ORGANIZATION, PUBLIC = "workspace", "organization", "public"  # models.Scope values
VISIBLE = "visible"  # models.PostStatus.VISIBLE


def blocked_apart_q(user: Any, path: str) -> Q:
    """Rows whose person at `path` (a user foreign key) and `user` are not kept apart by a block either way."""
    block = apps.get_model("community", "Block").objects
    return ~Q(**{f"{path}__in": block.filter(blocked=user).values("blocker_id")}) & ~Q(
        **{f"{path}__in": block.filter(blocker=user).values("blocked_id")}
    )


def scope_q(access: Access, prefix: str = "") -> Q:
    """Posts (at `prefix`) whose scope reaches the reader: their workspace, their organization, or public."""
    return (
        Q(**{f"{prefix}scope": PUBLIC})
        | Q(**{f"{prefix}scope": ORGANIZATION, f"{prefix}organization_id__in": list(access.organization_ids)})
        | (Q(**{f"{prefix}scope": WORKSPACE}) & access.workspace_q(f"{prefix}workspace__"))
    )


def post_q(access: Access, prefix: str = "") -> Q:
    """The one visibility rule of a post (at `prefix`), for a signed-in reader who is not a platform admin."""
    shown = Q(**{f"{prefix}status": VISIBLE}) | Q(
        **{f"{prefix}organization_id__in": list(access.admin_organization_ids)}
    )
    return scope_q(access, prefix) & shown & blocked_apart_q(access.user, f"{prefix}author")


class PostQuerySet(VisibleQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        return post_q(access)

    def in_scope(self, scope: str) -> Self:
        return self.filter(scope=scope)

    def feed(self) -> Self:
        """In feed order, with what a card shows."""
        return self.select_related("author", "organization", "workspace").order_by("-created_at", "-id")


class CommentQuerySet(VisibleQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        return post_q(access, "post__") & blocked_apart_q(access.user, "author")


class ReactionQuerySet(VisibleQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        return post_q(access, "post__") & blocked_apart_q(access.user, "user")


class FollowQuerySet(VisibleQuerySet):
    """One's own follows, and who follows oneself (unless a block keeps them apart)."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        return Q(follower=access.user) | (Q(user=access.user) & blocked_apart_q(access.user, "follower"))


class ConnectionQuerySet(VisibleQuerySet):
    """Connections and requests one is a party to."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        return Q(requester=access.user) | Q(addressee=access.user)

    def between(self, user: Any, other: Any) -> Self:
        return self.filter(Q(requester=user, addressee=other) | Q(requester=other, addressee=user))


class BlockQuerySet(VisibleQuerySet):
    """One's own blocks: the blocked person is never told."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        return Q(blocker=access.user)


class ReportQuerySet(VisibleQuerySet):
    """One's own reports, and every report on a post of an organization one moderates."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        return Q(reporter=access.user) | Q(post__organization_id__in=list(access.admin_organization_ids))
