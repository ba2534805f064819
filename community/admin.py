from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Block, Comment, Connection, Follow, Post, Reaction, Report


@admin.register(Post)
class PostAdmin(OrganizationScopedAdmin):
    organization_path = "organization"
    list_display = ["__str__", "author", "organization", "workspace", "scope", "status", "created_at"]
    list_filter = ["scope", "status", "created_at"]
    search_fields = ["body", "link", "author__username", "author__last_name"]
    list_select_related = ["author", "organization", "workspace"]
    raw_id_fields = ["author", "organization", "workspace", "image"]
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(OrganizationScopedAdmin):
    organization_path = "post__organization"
    list_display = ["__str__", "author", "post", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["body", "author__username", "author__last_name"]
    list_select_related = ["author", "post"]
    raw_id_fields = ["post", "parent", "author"]


@admin.register(Reaction)
class ReactionAdmin(OrganizationScopedAdmin):
    organization_path = "post__organization"
    list_display = ["post", "user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__last_name"]
    list_select_related = ["post", "user"]
    raw_id_fields = ["post", "user"]


@admin.register(Report)
class ReportAdmin(OrganizationScopedAdmin):
    organization_path = "post__organization"
    list_display = ["post", "reporter", "resolved", "created_at"]
    list_filter = ["resolved", "created_at"]
    search_fields = ["reason", "reporter__username", "post__body"]
    list_select_related = ["post", "reporter"]
    raw_id_fields = ["post", "reporter"]


@admin.register(Connection)
class ConnectionAdmin(OrganizationScopedAdmin):
    organization_path = "requester__memberships__organization"
    list_display = ["requester", "addressee", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["requester__username", "addressee__username"]
    list_select_related = ["requester", "addressee"]
    raw_id_fields = ["requester", "addressee"]


@admin.register(Follow)
class FollowAdmin(OrganizationScopedAdmin):
    organization_path = "follower__memberships__organization"
    list_display = ["follower", "user", "organization", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["follower__username", "user__username", "organization__name"]
    list_select_related = ["follower", "user", "organization"]
    raw_id_fields = ["follower", "user", "organization"]


@admin.register(Block)
class BlockAdmin(OrganizationScopedAdmin):
    organization_path = "blocker__memberships__organization"
    list_display = ["blocker", "blocked", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["blocker__username", "blocked__username"]
    list_select_related = ["blocker", "blocked"]
    raw_id_fields = ["blocker", "blocked"]
