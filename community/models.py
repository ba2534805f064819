"""The community feed: posts in three scopes, reactions, threaded comments, follows, connections,
blocks and reports.

A post is its author's, written in one organization: for one workspace (its members read it), for
the organization (its members), or for the public community (any signed-in user of any organization).
Who reads a post is decided once, in `querysets.PostQuerySet.visible_to`; comments and reactions are
read through their post. Moderators (organization admins, platform admins) hide and remove posts.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.workflow import Workflow, WorkflowModel
from productions.wording import lazy_words

from .querysets import (
    BlockQuerySet,
    CommentQuerySet,
    ConnectionQuerySet,
    FollowQuerySet,
    PostQuerySet,
    ReactionQuerySet,
    ReportQuerySet,
)

USER = settings.AUTH_USER_MODEL


class Scope(models.TextChoices):
    WORKSPACE = "workspace", _("My workspace")
    ORGANIZATION = "organization", _("My organization")
    PUBLIC = "public", _("Public community")


class PostStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")
    REMOVED = "removed", _("Removed by a moderator")


P = PostStatus
# Moderation: a moderator hides a post (it may come back), removes it, or restores it.
POST_TRANSITIONS = {
    P.VISIBLE: {P.HIDDEN, P.REMOVED},
    P.HIDDEN: {P.VISIBLE, P.REMOVED},
    P.REMOVED: {P.VISIBLE},
}


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    APPLAUD = "applaud", _("Applaud")
    SUPPORT = "support", _("Support")
    INSIGHTFUL = "insightful", _("Insightful")


class Post(WorkflowModel):
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="community_posts", verbose_name=_("author"))
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    # Set only for a workspace post: the workspace whose members read it.
    workspace = models.ForeignKey(
        "tenancy.Workspace",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("workspace"),
    )
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.ORGANIZATION, verbose_name=_("scope"))
    body = models.TextField(verbose_name=_("text"))
    link = models.URLField(max_length=300, blank=True, verbose_name=_("link"))
    image = models.ForeignKey(
        "files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("image")
    )
    status = models.CharField(
        max_length=20, choices=PostStatus.choices, default=PostStatus.VISIBLE, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("posted at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = PostQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("post")),  # lazy: refusals read in the reader's language
        POST_TRANSITIONS,
        moves=lazy_words({P.VISIBLE: _("restored"), P.HIDDEN: _("hidden"), P.REMOVED: _("removed")}),
        event_prefix="community_post",
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="post_feed_order"),
            models.Index(fields=["organization", "-created_at"], name="post_org_feed"),
            models.Index(fields=["workspace", "-created_at"], name="post_workspace_feed"),
            models.Index(fields=["author", "-created_at"], name="post_author_feed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="workspace", workspace__isnull=False) | ~Q(scope="workspace"),
                name="post_workspace_scope_has_workspace",
            ),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def is_visible(self):
        return self.status == PostStatus.VISIBLE


class Reaction(models.Model):
    """One reaction of one person to a post (changing it replaces the kind)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("post"))
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    kind = models.CharField(max_length=20, choices=ReactionKind.choices, verbose_name=_("reaction"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = ReactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        ordering = ["post_id", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="reaction_once_per_person")]

    def __str__(self):
        return f"{self.user} {self.kind} {self.post_id}"


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("author"))
    body = models.TextField(verbose_name=_("text"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at"], name="comment_post_order")]

    def __str__(self):
        return self.body[:60]


class Follow(models.Model):
    """Someone follows a person or an organization (exactly one of the two)."""

    follower = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("follower"))
    user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("person followed")
    )
    organization = models.ForeignKey(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization followed"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organization__isnull=True)
                | Q(user__isnull=True, organization__isnull=False),
                name="follow_one_target",
            ),
            models.UniqueConstraint(fields=["follower", "user"], name="follow_person_once"),
            models.UniqueConstraint(fields=["follower", "organization"], name="follow_organization_once"),
            models.CheckConstraint(condition=~Q(user=F("follower")), name="follow_not_oneself"),
        ]

    def __str__(self):
        return f"{self.follower} → {self.user or self.organization}"


class ConnectionStatus(models.TextChoices):
    PENDING = "pending", _("Requested")
    ACCEPTED = "accepted", _("Connected")
    DECLINED = "declined", _("Declined")


class Connection(models.Model):
    """A connection between two people: requested by one, accepted or declined by the other."""

    requester = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by"))
    addressee = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested of"))
    status = models.CharField(
        max_length=20, choices=ConnectionStatus.choices, default=ConnectionStatus.PENDING, verbose_name=_("status")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("requested at"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "addressee"], name="connection_once_per_pair"),
            models.CheckConstraint(condition=~Q(requester=F("addressee")), name="connection_not_oneself"),
        ]

    def __str__(self):
        return f"{self.requester} ↔ {self.addressee} ({self.status})"

    def other(self, user):
        return self.addressee if user.pk == self.requester_id else self.requester


class Block(models.Model):
    """`blocker` keeps `blocked` away: neither sees the other's posts, comments or requests."""

    blocker = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocked by"))
    blocked = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("blocked person"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once_per_pair"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_oneself"),
        ]

    def __str__(self):
        return f"{self.blocker} blocks {self.blocked}"


class Report(models.Model):
    """Someone asks the moderators to look at a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("post"))
    reporter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+", verbose_name=_("reported by"))
    reason = models.TextField(verbose_name=_("reason"))
    resolved = models.BooleanField(default=False, verbose_name=_("resolved"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("reported at"))

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="report_once_per_person")]

    def __str__(self):
        return f"{self.reporter} reports {self.post_id}"
