from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Attachment, Document, DocumentCategory, ShareAccess, ShareLink


@admin.register(Attachment)
class AttachmentAdmin(OrganizationScopedAdmin):
    list_display = [
        "original_name",
        "bucket",
        "document",
        "version",
        "organization",
        "workspace",
        "content_type_detected",
        "size",
        "created_at",
    ]
    list_filter = ["bucket", "organization", "content_type_detected"]
    search_fields = ["original_name", "document__title"]
    readonly_fields = [
        "file",
        "content_type_detected",
        "size",
        "uploaded_by",
        "created_at",
        "document",
        "version",
        "restored_from",
    ]
    list_select_related = ["organization", "workspace", "document"]

    def has_add_permission(self, request):
        return False  # uploads go through the attachment service, which checks content


@admin.register(DocumentCategory)
class DocumentCategoryAdmin(OrganizationScopedAdmin):
    list_display = ["name", "organization", "position"]
    list_editable = ["position"]
    list_filter = ["organization"]
    search_fields = ["name"]
    list_select_related = ["organization"]


@admin.register(Document)
class DocumentAdmin(OrganizationScopedAdmin):
    list_display = ["title", "category", "bucket", "workspace", "content_type", "current", "updated_at"]
    list_filter = ["bucket", "category", "workspace__organization", "content_type"]
    search_fields = ["title", "current__original_name"]
    readonly_fields = ["bucket", "content_type", "object_id", "current", "created_by", "created_at", "updated_at"]
    list_select_related = ["category", "workspace", "content_type", "current"]

    def has_add_permission(self, request):
        return False  # a document starts with an upload, through the files service


class ShareAccessInline(admin.TabularInline):
    model = ShareAccess
    fields = ["opened_at", "ip_address", "user_agent"]
    readonly_fields = ["opened_at", "ip_address", "user_agent"]
    extra = 0
    can_delete = False


@admin.register(ShareLink)
class ShareLinkAdmin(OrganizationScopedAdmin):
    list_display = ["document", "created_by", "created_at", "expires_at", "revoked_at"]
    list_filter = ["document__workspace__organization", "expires_at", "revoked_at"]
    search_fields = ["document__title"]
    readonly_fields = ["document", "token_hash", "created_by", "created_at", "revoked_by"]
    list_select_related = ["document", "created_by"]
    inlines = [ShareAccessInline]

    def has_add_permission(self, request):
        return False  # the token is shown once, to the sharer, by the files service


@admin.register(ShareAccess)
class ShareAccessAdmin(OrganizationScopedAdmin):
    list_display = ["link", "opened_at", "ip_address", "user_agent"]
    list_filter = ["link__document__workspace__organization", "opened_at"]
    search_fields = ["link__document__title", "ip_address", "user_agent"]
    readonly_fields = ["link", "opened_at", "ip_address", "user_agent"]
    list_select_related = ["link__document"]

    def has_add_permission(self, request):
        return False  # an opening is logged by the public share page
