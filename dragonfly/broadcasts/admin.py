from django.contrib import admin

from dragonfly.tenancy.admin_scoping import ReadOnlyAdmin

from .models import Broadcast


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):  # the record of what was said to whom: never edited
    list_display = ["message", "target_name", "workspace", "sender", "recipient_count", "sent_at"]
    list_filter = ["audience", "sent_at"]
    search_fields = ["message", "target_name"]
    date_hierarchy = "sent_at"
