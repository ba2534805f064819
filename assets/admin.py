from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline

from .models import Asset, Kit, MaintenanceRecord, MaintenanceSchedule, Reservation, ReservationItem


@admin.register(Asset)
class AssetAdmin(OrganizationScopedAdmin):
    list_display = ("tag", "name", "category", "status", "home_location", "workspace", "purchase_value")
    list_filter = ("status", "category", "workspace")
    search_fields = ("tag", "name", "serial_number", "make", "model_name")
    raw_id_fields = ("catalog_item",)
    list_select_related = ("workspace",)
    readonly_fields = ("use_count", "created_at", "updated_at")


@admin.register(Kit)
class KitAdmin(OrganizationScopedAdmin):
    list_display = ("name", "workspace", "created_at")
    list_filter = ("workspace",)
    search_fields = ("name", "assets__tag")
    filter_horizontal = ("assets",)
    list_select_related = ("workspace",)


class ReservationItemInline(OrganizationScopedInline):
    model = ReservationItem
    raw_id_fields = ("asset",)
    fields = ("asset", "start_date", "end_date", "active")


@admin.register(Reservation)
class ReservationAdmin(OrganizationScopedAdmin):
    list_display = ("__str__", "status", "start_date", "end_date", "production", "reserved_by", "workspace")
    list_filter = ("status", "workspace")
    search_fields = ("items__asset__tag", "kit__name", "production__name", "notes")
    date_hierarchy = "start_date"
    raw_id_fields = ("kit", "production", "reserved_by", "checked_out_by", "checked_in_by")
    list_select_related = ("kit", "production", "reserved_by", "workspace")
    inlines = [ReservationItemInline]


@admin.register(MaintenanceRecord)
class MaintenanceRecordAdmin(OrganizationScopedAdmin):
    list_display = ("asset", "kind", "status", "due_on", "performed_on", "cost", "workspace")
    list_filter = ("status", "kind", "workspace")
    search_fields = ("asset__tag", "asset__name", "notes")
    date_hierarchy = "created_at"
    raw_id_fields = ("asset", "schedule", "opened_by", "performed_by")
    list_select_related = ("asset", "workspace")


@admin.register(MaintenanceSchedule)
class MaintenanceScheduleAdmin(OrganizationScopedAdmin):
    list_display = ("asset", "kind", "every_days", "every_uses", "last_done_on", "manager", "active")
    list_filter = ("active", "kind", "workspace")
    search_fields = ("asset__tag", "asset__name")
    raw_id_fields = ("asset", "manager")
    list_select_related = ("asset", "manager")
