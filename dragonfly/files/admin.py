from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(OrganizationScopedAdmin):
    list_display = [
        "original_name",
        "bucket",
        "organization",
        "workspace",
        "content_type_detected",
        "size",
        "created_at",
    ]
    list_filter = ["bucket", "organization", "content_type_detected"]
    search_fields = ["original_name"]
    readonly_fields = ["file", "content_type_detected", "size", "uploaded_by", "created_at"]
    list_select_related = ["organization", "workspace"]

    def has_add_permission(self, request):
        return False  # uploads go through the attachment service, which checks content
