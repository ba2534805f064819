from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dragonfly.core.api_fields import InlineChoicesMixin
from dragonfly.tenancy.access import get_access
from dragonfly.tenancy.models import Organization, Workspace

from .. import selectors
from ..models import Block, Comment, Connection, Follow, Post, ReactionKind, Report


def _reader(field):
    request = field.context.get("request")
    return request.user if request is not None else None


@extend_schema_field(OpenApiTypes.INT)
class PersonField(serializers.PrimaryKeyRelatedField):
    """A user id among the people the reader may reach in the community (colleagues, authors of public posts)."""

    def get_queryset(self):
        return selectors.reachable_people(_reader(self))


@extend_schema_field(OpenApiTypes.INT)
class MyWorkspaceField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Workspace.objects.filter(get_access(_reader(self)).workspace_q())


@extend_schema_field(OpenApiTypes.INT)
class MyOrganizationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Organization.objects.filter(pk__in=list(get_access(_reader(self)).organization_ids))


@extend_schema_field(OpenApiTypes.INT)
class ReachableOrganizationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.reachable_organizations(_reader(self))


class CommunityPostSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    workspace = MyWorkspaceField(
        required=False, allow_null=True, help_text=gettext_lazy("For a workspace post: one of your workspaces.")
    )
    organization = MyOrganizationField(
        required=False, help_text=gettext_lazy("Your organization the post belongs to (default: your first).")
    )
    author_name = serializers.SerializerMethodField()
    image_url = serializers.SerializerMethodField(
        help_text=gettext_lazy("Where the post's picture is served (to whoever reads the post), or null.")
    )
    image_upload = serializers.FileField(
        write_only=True,
        required=False,
        help_text=gettext_lazy("A picture for the post (multipart): JPEG, PNG, GIF or WebP, at most 10 MB."),
    )
    reaction_count = serializers.IntegerField(read_only=True, default=0)
    comment_count = serializers.IntegerField(read_only=True, default=0)
    my_reaction = serializers.CharField(read_only=True, allow_null=True, default=None)

    class Meta:
        model = Post
        fields = [
            "id",
            "author",
            "author_name",
            "organization",
            "workspace",
            "scope",
            "body",
            "link",
            "image",
            "image_url",
            "image_upload",
            "status",
            "reaction_count",
            "comment_count",
            "my_reaction",
            "created_at",
        ]
        read_only_fields = ["author", "image", "status", "created_at"]

    def get_author_name(self, obj) -> str:
        return obj.author.get_full_name() or obj.author.get_username()

    def get_image_url(self, obj) -> str | None:
        return reverse("community:post_image", args=[obj.pk]) if obj.image_id else None


class CommunityCommentSerializer(serializers.ModelSerializer):
    post = serializers.PrimaryKeyRelatedField(queryset=Post.objects.none())
    parent = serializers.PrimaryKeyRelatedField(queryset=Comment.objects.none(), required=False, allow_null=True)

    class Meta:
        model = Comment
        fields = ["id", "post", "parent", "author", "body", "created_at"]
        read_only_fields = ["author", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        reader = _reader(self)
        fields["post"].queryset = Post.objects.visible_to(reader)
        fields["parent"].queryset = Comment.objects.visible_to(reader)
        return fields


class CommunityReactionBodySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReactionKind.choices)


class CommunityReportBodySerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class CommunityModerationNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class CommunityConnectionSerializer(InlineChoicesMixin, serializers.ModelSerializer):
    addressee = PersonField(help_text=gettext_lazy("The person asked to connect."))

    class Meta:
        model = Connection
        fields = ["id", "requester", "addressee", "status", "created_at", "decided_at"]
        read_only_fields = ["requester", "status", "created_at", "decided_at"]


class CommunityFollowSerializer(serializers.ModelSerializer):
    user = PersonField(required=False, allow_null=True, help_text=gettext_lazy("A person to follow."))
    organization = ReachableOrganizationField(
        required=False, allow_null=True, help_text=gettext_lazy("An organization to follow.")
    )

    class Meta:
        model = Follow
        fields = ["id", "follower", "user", "organization", "created_at"]
        read_only_fields = ["follower", "created_at"]

    def validate(self, attrs):
        if bool(attrs.get("user")) == bool(attrs.get("organization")):
            raise serializers.ValidationError(gettext_lazy("Name either a person or an organization to follow."))
        return attrs


class CommunityBlockSerializer(serializers.ModelSerializer):
    blocked = PersonField(help_text=gettext_lazy("The person to block."))

    class Meta:
        model = Block
        fields = ["id", "blocked", "created_at"]
        read_only_fields = ["created_at"]


class CommunityReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "post", "reporter", "reason", "resolved", "created_at"]
        read_only_fields = fields
