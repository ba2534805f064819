from django.contrib import admin

from dragonfly.core.admin_site import never
from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import ActivityEntry


@admin.register(ActivityEntry)
class ActivityEntryAdmin(OrganizationScopedAdmin):
    list_display = ["created_at", "actor", "verb", "trigger", "content_type", "object_id", "from_state", "to_state"]
    list_filter = ["verb", "trigger", "content_type"]
    search_fields = ["verb", "trigger", "note", "object_id", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]

    # The log is evidence: nobody edits or deletes it from the admin.
    has_add_permission = has_change_permission = has_delete_permission = never
