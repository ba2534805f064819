from django.contrib import admin

from dragonfly.tenancy.admin_scoping import ReadOnlyAdmin

from .models import ActivityEntry


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):  # the log is evidence: nobody edits or deletes it
    list_display = ["created_at", "actor", "verb", "trigger", "content_type", "object_id", "from_state", "to_state"]
    list_filter = ["verb", "trigger", "content_type"]
    search_fields = ["verb", "trigger", "note", "object_id", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]
