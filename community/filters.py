"""Filters of the feed, shared by the page and the API (rows still from visible_to)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Comment, Connection, ConnectionStatus, Follow, Post, PostStatus, Scope


class PostFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(choices=Scope.choices, label=_("Scope"))
    author = django_filters.NumberFilter(field_name="author_id", label=_("Author"))
    status = django_filters.ChoiceFilter(choices=PostStatus.choices, label=_("Status"))
    q = django_filters.CharFilter(field_name="body", lookup_expr="icontains", label=_("Search"))

    class Meta:
        model = Post
        fields = ["scope", "author", "status", "q"]


class ConnectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ConnectionStatus.choices, label=_("Status"))

    class Meta:
        model = Connection
        fields = ["status"]


class FollowFilter(django_filters.FilterSet):
    follower = django_filters.NumberFilter(field_name="follower_id", label=_("Follower"))

    class Meta:
        model = Follow
        fields = ["follower"]


class CommentFilter(django_filters.FilterSet):
    # A number, not a choice of every post: an unseen post's id reads like one that does not exist.
    post = django_filters.NumberFilter(field_name="post_id", label=_("post"))

    class Meta:
        model = Comment
        fields = ["post"]
