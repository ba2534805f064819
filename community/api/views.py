"""The community API: the same services, visibility and rules as the community pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from dragonfly.core.parsers import FormParser, JSONParser, MultiPartParser
from dragonfly.core.viewsets import ServiceCreateMixin, ServiceDestroyMixin, TenantViewSet

from .. import selectors, services
from ..filters import CommentFilter, ConnectionFilter, FollowFilter, PostFilter
from ..models import Block, Comment, Connection, Follow, Report
from .serializers import (
    CommunityBlockSerializer,
    CommunityCommentSerializer,
    CommunityConnectionSerializer,
    CommunityFollowSerializer,
    CommunityModerationNoteSerializer,
    CommunityPostSerializer,
    CommunityReactionBodySerializer,
    CommunityReportBodySerializer,
    CommunityReportSerializer,
)


def _create_post(*, actor, **data):
    image = data.pop("image_upload", None)
    return services.create_post(actor=actor, image=image, **data)


class PostViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceDestroyMixin, TenantViewSet
):
    """Posts the reader may read (workspace, organization, public); authors delete their own, moderators
    hide, remove and restore."""

    selector = staticmethod(selectors.feed)
    serializer_class = CommunityPostSerializer
    filterset_class = PostFilter
    create_service = staticmethod(_create_post)
    destroy_service = staticmethod(services.delete_post)
    reread = True
    parser_classes = [JSONParser, MultiPartParser, FormParser]  # a post with a picture is multipart

    @extend_schema(request=CommunityReactionBodySerializer, responses=CommunityPostSerializer)
    @action(detail=True, methods=["post"])
    def react(self, request, pk=None):
        post = self.get_object()
        services.react(post, actor=request.user, **self.body(CommunityReactionBodySerializer))
        return self.answer(post)

    @extend_schema(request=None, responses=CommunityPostSerializer)
    @action(detail=True, methods=["post"])
    def unreact(self, request, pk=None):
        post = self.get_object()
        services.unreact(post, actor=request.user)
        return self.answer(post)

    @extend_schema(request=CommunityReportBodySerializer, responses={201: CommunityReportSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        post = self.get_object()
        report = services.report_post(post, actor=request.user, **self.body(CommunityReportBodySerializer))
        return Response(CommunityReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommunityModerationNoteSerializer, responses=CommunityPostSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        return self.act(services.hide_post, CommunityModerationNoteSerializer)

    @extend_schema(request=CommunityModerationNoteSerializer, responses=CommunityPostSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        return self.act(services.remove_post, CommunityModerationNoteSerializer)

    @extend_schema(request=CommunityModerationNoteSerializer, responses=CommunityPostSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        return self.act(services.restore_post, CommunityModerationNoteSerializer)


def _add_comment(*, actor, post, **data):
    return services.add_comment(post, actor=actor, **data)


class CommentViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceDestroyMixin, TenantViewSet
):
    """Comments on posts the reader may read (`parent` threads a reply); the author or a moderator deletes one."""

    model = Comment
    ordering = ("post_id", "created_at", "id")
    serializer_class = CommunityCommentSerializer
    filterset_class = CommentFilter
    create_service = staticmethod(_add_comment)
    destroy_service = staticmethod(services.delete_comment)


def _request_connection(*, actor, addressee):
    return services.request_connection(addressee, actor=actor)


class ConnectionViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceDestroyMixin, TenantViewSet
):
    """One's connections and requests: POST asks someone, accept/decline answers, DELETE removes or withdraws."""

    model = Connection
    ordering = ("-created_at", "-id")
    serializer_class = CommunityConnectionSerializer
    filterset_class = ConnectionFilter
    create_service = staticmethod(_request_connection)
    destroy_service = staticmethod(services.remove_connection)

    @extend_schema(request=None, responses=CommunityConnectionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self.act(services.accept_connection)

    @extend_schema(request=None, responses=CommunityConnectionSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self.act(services.decline_connection)


def _follow(*, actor, user=None, organization=None):
    return services.follow(user or organization, actor=actor)


def _unfollow(follow, *, actor):
    if follow.follower_id != actor.pk:
        raise PermissionDenied(_("Only the follower may stop following."))
    services.unfollow(follow.user or follow.organization, actor=actor)


class FollowViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceDestroyMixin, TenantViewSet
):
    """Whom one follows (and who follows one): POST a `user` or an `organization`, DELETE to stop."""

    model = Follow
    ordering = ("-created_at", "-id")
    serializer_class = CommunityFollowSerializer
    filterset_class = FollowFilter
    create_service = staticmethod(_follow)
    destroy_service = staticmethod(_unfollow)


def _block(*, actor, blocked):
    return services.block(blocked, actor=actor)


def _unblock(row, *, actor):
    services.unblock(row.blocked, actor=actor)


class BlockViewSet(
    mixins.ListModelMixin, ServiceCreateMixin, mixins.RetrieveModelMixin, ServiceDestroyMixin, TenantViewSet
):
    """The people one blocked (they are never told); DELETE unblocks."""

    model = Block
    ordering = ("-created_at", "-id")
    serializer_class = CommunityBlockSerializer
    create_service = staticmethod(_block)
    destroy_service = staticmethod(_unblock)


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Reports: one's own, and those on posts of the organizations one moderates."""

    model = Report
    ordering = ("-created_at", "-id")
    serializer_class = CommunityReportSerializer
