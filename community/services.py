"""Writes to the community: posts, reactions, comments, follows, connections, blocks and moderation.

Each service takes the object first and the acting user keyword-only, refuses with PermissionDenied
(403) who may not act and with CommunityInvalid (400) what breaks a rule, and writes its rows and its
activity entry in one transaction. The pages and the API call these same functions. Mentions
(@username), connection requests and comments on one's post tell people through `notify()`.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import Conflict
from dragonfly.core.inputs import text_cleaner
from dragonfly.core.workflow import transition
from dragonfly.files.images import store_image
from dragonfly.files.services import UploadRefused
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import display_name, get_access
from dragonfly.tenancy.models import Membership, Organization, Workspace
from dragonfly.tenancy.roles import ORG_ADMIN_ROLES, Role

from .errors import CommunityInvalid, PostingTooFast
from .models import (
    Block,
    Comment,
    Connection,
    ConnectionStatus,
    Follow,
    Post,
    PostStatus,
    Reaction,
    ReactionKind,
    Report,
    Scope,
)

# Roles that read a workspace but do not speak in it: outside partners, guests, observers, marketing.
LISTENING_ROLES = frozenset({Role.MERCHANT, Role.VISITOR, Role.PASSENGER, Role.AMBASSADOR})
POSTS_PER_WINDOW = 10  # posts (and as many comments) a person may write ...
WINDOW_SECONDS = 600  # ... in ten minutes
BODY_LENGTH, COMMENT_LENGTH, REASON_LENGTH = 5000, 2000, 1000
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")
_text = text_cleaner(CommunityInvalid)


# --- who may act ----------------------------------------------------------------------------------
def _signed_in(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to take part in the community."))


def role_in_organization(actor: Any, organization: Any) -> Role | None:
    """The actor's strongest role anywhere in `organization` (org-wide or in one of its workspaces)."""
    access = get_access(actor)
    org_id = getattr(organization, "pk", organization)
    roles = [access.role_in_organization(org_id)]
    roles += [role for org, role in access.workspace_roles.values() if org == org_id]
    return Role.strongest(roles)


def may_speak(actor: Any, organization: Any, workspace: Any = None) -> bool:
    """Whether `actor` may post in `workspace` (or, without one, in `organization`)."""
    access = get_access(actor)
    if access.is_platform_admin:
        return True
    role = access.role_in(workspace) if workspace is not None else role_in_organization(actor, organization)
    return role is not None and role not in LISTENING_ROLES


def moderates(actor: Any, post: Post) -> bool:
    """Organization admins moderate their organization's posts; platform admins every post."""
    access = get_access(actor)
    return access.is_platform_admin or post.organization_id in access.admin_organization_ids


def _require_moderator(actor: Any, post: Post) -> None:
    if not moderates(actor, post):
        raise PermissionDenied(_("Only the organization's admins may moderate posts."))


def blocked_between(user: Any, other: Any) -> bool:
    return (
        Block.objects.filter(blocker=user, blocked=other).exists()
        or Block.objects.filter(blocker=other, blocked=user).exists()
    )


def _rate_limit(actor: Any, what: str) -> str:
    """Refuse (PostingTooFast) a person who wrote POSTS_PER_WINDOW `what`s in the last window; the cache key."""
    # The account's creation time in the key: a database rebuilt for tests reuses user ids, never this pair.
    joined = int(actor.date_joined.timestamp() * 1000) if getattr(actor, "date_joined", None) else 0
    key = f"community:{what}:{actor.pk}:{joined}"
    if (cache.get(key) or 0) >= POSTS_PER_WINDOW:
        message = (
            _(
                "You have written %(count)s posts in the last %(minutes)s minutes. Please wait a few minutes and "
                "post again."
            )
            if what == "posts"
            else _(
                "You have written %(count)s comments in the last %(minutes)s minutes. Please wait a few minutes and "
                "comment again."
            )
        )
        raise PostingTooFast(message % {"count": POSTS_PER_WINDOW, "minutes": WINDOW_SECONDS // 60})
    return key


def _count(key: str) -> None:
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, WINDOW_SECONDS)


# --- posts ----------------------------------------------------------------------------------------
def clean_link(value: Any) -> str:
    link = (value or "").strip()
    if not link:
        return ""
    try:
        if len(link) > 300:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise CommunityInvalid(
            _("“%(link)s” is not a web address; give one such as https://example.com/show.") % {"link": link[:80]}
        ) from None
    return link


def home_organization(actor: Any) -> Organization | None:
    """The organization a post goes to when none is named: the actor's first one."""
    ids = sorted(get_access(actor).organization_ids)
    return Organization.objects.filter(pk=ids[0]).first() if ids else None


def create_post(
    *,
    actor: Any,
    body: str,
    scope: str = Scope.ORGANIZATION,
    workspace: Workspace | None = None,
    organization: Organization | None = None,
    link: str = "",
    image: Any = None,
) -> Post:
    """A post to one workspace, to one's organization or to the public community.

    A workspace post needs the workspace; the organization is the workspace's, else the one named,
    else the actor's first. Listening roles (Merchant, Visitor, Passenger, Ambassador) may not post."""
    _signed_in(actor)
    if scope not in Scope.values:
        raise CommunityInvalid(_("Pick who the post is for: your workspace, your organization or the public."))
    if scope == Scope.WORKSPACE:
        if workspace is None:
            raise CommunityInvalid(_("Pick the workspace the post is for."))
        organization = workspace.organization
    else:
        workspace = None
        organization = organization or home_organization(actor)
        if organization is None:
            raise PermissionDenied(_("Only members of an organization may post."))
    if not may_speak(actor, organization, workspace):
        raise PermissionDenied(_("Your role may read the community here but not post in it."))
    post = Post(
        author=actor,
        organization=organization,
        workspace=workspace,
        scope=scope,
        body=_text(body, _("text"), max_length=BODY_LENGTH, required=True),
        link=clean_link(link),
    )
    key = _rate_limit(actor, "posts")
    with transaction.atomic():
        if image is not None:
            try:
                post.image = store_image(image, actor=actor, organization=organization)
            except UploadRefused as exc:
                raise CommunityInvalid(" ".join(exc.messages)) from None
        post.save()
        record_activity(post, actor=actor, verb="community.posted", workspace=workspace, data={"scope": scope})
        _notify_mentions(post, post.body, actor, f"post:{post.pk}")
    _count(key)
    return post


def delete_post(post: Post, *, actor: Any) -> None:
    """Authors delete their own posts (with the comments and reactions on them)."""
    if getattr(actor, "pk", None) != post.author_id:
        raise PermissionDenied(_("Only its author may delete a post; moderators hide or remove it."))
    with transaction.atomic():
        record_activity(post, actor=actor, verb="community.post_deleted", workspace=post.workspace)
        post.delete()


def _require_open(post: Post) -> None:
    if post.status != PostStatus.VISIBLE:
        raise Conflict(_("This post was taken down by a moderator; it takes no reactions or comments."))


# --- reactions ------------------------------------------------------------------------------------
def react(post: Post, *, actor: Any, kind: str) -> Reaction:
    """One's reaction to a post (a second one replaces the first)."""
    _signed_in(actor)
    if kind not in ReactionKind.values:
        raise CommunityInvalid(_("Pick a reaction from the list."))
    _require_open(post)
    with transaction.atomic():
        reaction, _created = Reaction.objects.update_or_create(post=post, user=actor, defaults={"kind": kind})
    return reaction


def unreact(post: Post, *, actor: Any) -> None:
    """Take one's reaction back; CommunityInvalid when there is none."""
    _signed_in(actor)
    deleted, _rows = Reaction.objects.filter(post=post, user=actor).delete()
    if not deleted:
        raise CommunityInvalid(_("You have not reacted to this post."))


# --- comments -------------------------------------------------------------------------------------
def add_comment(post: Post, *, actor: Any, body: str, parent: Comment | None = None) -> Comment:
    """A comment on a post, or a reply to one of its comments (threads)."""
    _signed_in(actor)
    _require_open(post)
    if parent is not None and parent.post_id != post.pk:
        raise CommunityInvalid(_("A reply goes under a comment of the same post."))
    text = _text(body, _("comment"), max_length=COMMENT_LENGTH, required=True)
    key = _rate_limit(actor, "comments")
    with transaction.atomic():
        comment = Comment.objects.create(post=post, author=actor, parent=parent, body=text)
        record_activity(comment, actor=actor, verb="community.commented", workspace=post.workspace)
        mentioned = _notify_mentions(post, text, actor, f"comment:{comment.pk}")
        if post.author_id not in mentioned and post.author_id != actor.pk:
            notify(
                [post.author],
                kind="community.comment",
                title=lambda: _("%(name)s commented on your post") % {"name": display_name(actor)},
                body=text[:200],
                url=post_url(post),
                dedupe_key=f"community:comment:{comment.pk}",
            )
    _count(key)
    return comment


def delete_comment(comment: Comment, *, actor: Any) -> None:
    """Its author or a moderator of the post deletes a comment (with its replies)."""
    if getattr(actor, "pk", None) != comment.author_id and not moderates(actor, comment.post):
        raise PermissionDenied(_("Only its author or a moderator may delete a comment."))
    with transaction.atomic():
        record_activity(comment.post, actor=actor, verb="community.comment_deleted", workspace=comment.post.workspace)
        comment.delete()


# --- mentions -------------------------------------------------------------------------------------
def post_url(post: Post) -> str:
    return reverse("community:post", args=[post.pk])


def _notify_mentions(post: Post, text: str, actor: Any, dedupe: str) -> set[int]:
    """Tell each @username in `text` who may read the post (and is not kept apart by a block); their ids."""
    names = {m.group(1).rstrip(".") for m in MENTION.finditer(text)}
    if not names:
        return set()
    told = set()
    for user in get_user_model().objects.filter(username__in=names, is_active=True).exclude(pk=actor.pk):
        if not Post.objects.visible_to(user).filter(pk=post.pk).exists():
            continue
        notify(
            [user],
            kind="community.mention",
            title=lambda: _("%(name)s mentioned you") % {"name": display_name(actor)},
            body=text[:200],
            url=post_url(post),
            dedupe_key=f"community:mention:{dedupe}:{user.pk}",
        )
        told.add(user.pk)
    return told


# --- follows --------------------------------------------------------------------------------------
def follow(target: Any, *, actor: Any) -> Follow:
    """Follow a person or an organization (their public posts come first in one's feed)."""
    _signed_in(actor)
    is_org = isinstance(target, Organization)
    if not is_org:
        if target.pk == actor.pk:
            raise CommunityInvalid(_("You cannot follow yourself."))
        if blocked_between(actor, target):
            raise CommunityInvalid(_("You cannot follow this person."))
    lookup = {"organization": target} if is_org else {"user": target}
    try:
        with transaction.atomic():
            return Follow.objects.create(follower=actor, **lookup)
    except IntegrityError:
        raise CommunityInvalid(_("You already follow %(name)s.") % {"name": _name(target)}) from None


def unfollow(target: Any, *, actor: Any) -> None:
    _signed_in(actor)
    lookup = {"organization": target} if isinstance(target, Organization) else {"user": target}
    deleted, _rows = Follow.objects.filter(follower=actor, **lookup).delete()
    if not deleted:
        raise CommunityInvalid(_("You do not follow %(name)s.") % {"name": _name(target)})


def _name(target: Any) -> str:
    return target.name if isinstance(target, Organization) else display_name(target)


# --- connections ----------------------------------------------------------------------------------
def request_connection(target: Any, *, actor: Any) -> Connection:
    """Ask `target` to connect; they hear of it and accept or decline."""
    _signed_in(actor)
    if target.pk == actor.pk:
        raise CommunityInvalid(_("You cannot connect with yourself."))
    if blocked_between(actor, target):
        raise CommunityInvalid(_("You cannot connect with this person."))
    with transaction.atomic():
        existing = Connection.objects.select_for_update().between(actor, target).first()
        if existing is not None and existing.status == ConnectionStatus.ACCEPTED:
            raise CommunityInvalid(_("You are already connected with %(name)s.") % {"name": display_name(target)})
        if existing is not None and existing.status == ConnectionStatus.PENDING:
            raise CommunityInvalid(_("A connection request between you is already waiting."))
        if existing is not None:  # declined before: a new request starts over
            existing.delete()
        connection = Connection.objects.create(requester=actor, addressee=target)
        record_activity(connection, actor=actor, verb="community.connection_requested")
        notify(
            [target],
            kind="community.connection",
            title=lambda: _("%(name)s wants to connect with you") % {"name": display_name(actor)},
            url=reverse("community:connections"),
            dedupe_key=f"community:connection:{connection.pk}:requested",
        )
    return connection


def _decide(connection: Connection, actor: Any, status: str) -> Connection:
    if getattr(actor, "pk", None) != connection.addressee_id:
        raise PermissionDenied(_("Only the person asked may answer a connection request."))
    with transaction.atomic():
        locked = Connection.objects.select_for_update().get(pk=connection.pk)
        if locked.status != ConnectionStatus.PENDING:
            raise Conflict(
                _("This request was already answered: %(status)s.") % {"status": locked.get_status_display()}
            )
        locked.status, locked.decided_at = status, timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        record_activity(locked, actor=actor, verb=f"community.connection_{status}")
        if status == ConnectionStatus.ACCEPTED:
            notify(
                [locked.requester],
                kind="community.connection",
                title=lambda: _("%(name)s accepted your connection request") % {"name": display_name(actor)},
                url=reverse("community:connections"),
                dedupe_key=f"community:connection:{locked.pk}:accepted",
            )
    return locked


def accept_connection(connection: Connection, *, actor: Any) -> Connection:
    return _decide(connection, actor, ConnectionStatus.ACCEPTED)


def decline_connection(connection: Connection, *, actor: Any) -> Connection:
    return _decide(connection, actor, ConnectionStatus.DECLINED)


def remove_connection(connection: Connection, *, actor: Any) -> None:
    """Either party ends a connection (or withdraws a request)."""
    if getattr(actor, "pk", None) not in (connection.requester_id, connection.addressee_id):
        raise PermissionDenied(_("Only the two people connected may remove a connection."))
    with transaction.atomic():
        record_activity(connection, actor=actor, verb="community.connection_removed")
        connection.delete()


# --- blocks ---------------------------------------------------------------------------------------
def block(target: Any, *, actor: Any) -> Block:
    """Keep `target` away: their connection and follows with the actor end, neither sees the other's posts."""
    _signed_in(actor)
    if target.pk == actor.pk:
        raise CommunityInvalid(_("You cannot block yourself."))
    with transaction.atomic():
        row, created = Block.objects.get_or_create(blocker=actor, blocked=target)
        if not created:
            raise CommunityInvalid(_("You have already blocked %(name)s.") % {"name": display_name(target)})
        Connection.objects.between(actor, target).delete()
        Follow.objects.filter(follower=actor, user=target).delete()
        Follow.objects.filter(follower=target, user=actor).delete()
        record_activity(row, actor=actor, verb="community.blocked")
    return row


def unblock(target: Any, *, actor: Any) -> None:
    _signed_in(actor)
    deleted, _rows = Block.objects.filter(blocker=actor, blocked=target).delete()
    if not deleted:
        raise CommunityInvalid(_("You have not blocked %(name)s.") % {"name": display_name(target)})


# --- moderation -----------------------------------------------------------------------------------
def report_post(post: Post, *, actor: Any, reason: str) -> Report:
    """Ask the moderators (the organization's admins) to look at a post; they hear of it."""
    _signed_in(actor)
    text = _text(reason, _("reason"), max_length=REASON_LENGTH, required=True)
    if Report.objects.filter(post=post, reporter=actor).exists():
        raise CommunityInvalid(_("You have already reported this post."))
    with transaction.atomic():
        report = Report.objects.create(post=post, reporter=actor, reason=text)
        record_activity(post, actor=actor, verb="community.reported", workspace=post.workspace)
        moderators = Membership.objects.active().filter(
            organization_id=post.organization_id, workspace__isnull=True, role__in=[r.value for r in ORG_ADMIN_ROLES]
        )
        admins = get_user_model().objects.filter(pk__in=moderators.values("user_id"), is_active=True)
        notify(
            admins.exclude(pk=actor.pk),
            kind="community.report",
            title=gettext_lazy("A post was reported to the moderators"),
            body=text[:200],
            url=reverse("community:moderation"),
            dedupe_key=f"community:report:{report.pk}",
        )
    return report


def _moderate(post: Post, actor: Any, status: str, note: str) -> Post:
    _require_moderator(actor, post)
    note = _text(note, _("note"), max_length=REASON_LENGTH)
    transition(
        post,
        status,
        actor=actor,
        verb=f"community.post_{'restored' if status == PostStatus.VISIBLE else status}",
        note=note,
        data={"organization": post.organization_id},
        check_perm=False,
        event=False,
    )
    Report.objects.filter(post=post, resolved=False).update(resolved=True)
    post.refresh_from_db()
    return post


def hide_post(post: Post, *, actor: Any, note: str = "") -> Post:
    """A moderator hides a post: only moderators see it until it is restored."""
    return _moderate(post, actor, PostStatus.HIDDEN, note)


def remove_post(post: Post, *, actor: Any, note: str = "") -> Post:
    """A moderator removes a post: kept for the audit, shown to moderators only."""
    return _moderate(post, actor, PostStatus.REMOVED, note)


def restore_post(post: Post, *, actor: Any, note: str = "") -> Post:
    return _moderate(post, actor, PostStatus.VISIBLE, note)
