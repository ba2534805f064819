"""What the community pages and the API read: the feed, a post's thread, the people one may reach."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Membership, Organization

from .models import Block, Comment, Follow, Post, Reaction, Scope


def feed(user: Any) -> QuerySet[Post]:
    """The posts `user` may read, newest first, each with its reaction and comment counts and the reader's reaction."""
    reader = getattr(user, "pk", None) or 0  # the schema is built without a user: no reaction is theirs
    mine = Reaction.objects.filter(post=OuterRef("pk"), user_id=reader).values("kind")[:1]
    return (
        Post.objects.visible_to(user)
        .feed()
        .annotate(
            reaction_count=Count("reactions", distinct=True),
            comment_count=Count("comments", distinct=True),
            my_reaction=Subquery(mine),
        )
    )


def following_q(user: Any) -> Q:
    """Posts by the people and organizations `user` follows."""
    follows = Follow.objects.filter(follower=user)
    return Q(author_id__in=follows.filter(user__isnull=False).values("user_id")) | Q(
        organization_id__in=follows.filter(organization__isnull=False).values("organization_id")
    )


def reaction_counts(post: Post) -> list[tuple[str, int]]:
    rows = Reaction.objects.filter(post=post).values_list("kind").annotate(n=Count("id")).order_by("kind")
    return [(kind, n) for kind, n in rows]


def thread(post: Post, user: Any) -> list[tuple[Comment, int]]:
    """The post's comments `user` may read as a thread: (comment, depth) in reading order, each reply
    under its comment."""
    comments = list(Comment.objects.visible_to(user).filter(post=post).select_related("author"))
    children: dict[int | None, list[Comment]] = defaultdict(list)
    ids = {c.pk for c in comments}
    for comment in comments:
        # A reply whose comment the reader may not see (a blocked author's) shows at the top level.
        children[comment.parent_id if comment.parent_id in ids else None].append(comment)
    ordered: list[tuple[Comment, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for comment in children.get(parent, []):
            ordered.append((comment, min(depth, 4)))
            walk(comment.pk, depth + 1)

    walk(None, 0)
    return ordered


def reachable_people(user: Any) -> QuerySet[Any]:
    """People `user` may open in the community: colleagues of one of their organizations, and authors of
    public posts they read; never someone who blocked them."""
    access = get_access(user)
    if not access.authenticated:
        return get_user_model().objects.none()
    users = get_user_model().objects.filter(is_active=True)
    if not access.is_platform_admin:
        colleagues = Membership.objects.active().filter(organization_id__in=list(access.organization_ids))
        public = Post.objects.visible_to(user).filter(scope=Scope.PUBLIC)
        users = users.filter(Q(pk__in=colleagues.values("user_id")) | Q(pk__in=public.values("author_id")))
    return users.exclude(pk__in=Block.objects.filter(blocked=user).values("blocker_id"))


def reachable_organizations(user: Any) -> QuerySet[Organization]:
    """Organizations `user` may follow: other organizations whose public posts they read (their own
    organization's posts reach them anyway)."""
    access = get_access(user)
    if access.is_platform_admin:
        return Organization.objects.all()
    public = Post.objects.visible_to(user).filter(scope=Scope.PUBLIC)
    return Organization.objects.filter(pk__in=public.values("organization_id")).exclude(
        pk__in=list(access.organization_ids)
    )


def speaking_workspaces(user: Any) -> QuerySet[Any]:
    """The workspaces `user` may post to (their role there is not a listening one)."""
    from dragonfly.tenancy.models import Workspace

    from .services import may_speak

    access = get_access(user)
    workspaces = Workspace.objects.filter(access.workspace_q(), archived=False).select_related("organization")
    return workspaces.filter(pk__in=[w.pk for w in workspaces if may_speak(user, w.organization, w)]).order_by("name")


def moderated_organization_ids(user: Any) -> list[int]:
    access = get_access(user)
    if access.is_platform_admin:
        return list(Organization.objects.values_list("pk", flat=True))
    return sorted(access.admin_organization_ids)


def moderation_audit(user: Any) -> QuerySet[Any]:
    """The moderator actions (hide, remove, restore) on posts of the organizations `user` moderates, newest first."""
    from django.contrib.contenttypes.models import ContentType

    from dragonfly.activity.models import ActivityEntry

    return ActivityEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Post),
        verb__in=["community.post_hidden", "community.post_removed", "community.post_restored"],
        data__organization__in=moderated_organization_ids(user),
    ).order_by("-created_at", "-id")
