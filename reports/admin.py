from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import CustomMetric, ExportJob, ReportSubscription, SavedReport


@admin.register(SavedReport)
class SavedReportAdmin(OrganizationScopedAdmin):
    list_display = ["name", "source", "owner", "shared", "workspace", "updated_at"]
    list_filter = ["source", "shared", "workspace__organization", "workspace"]
    search_fields = ["name", "owner__username"]
    list_select_related = ["owner", "workspace"]
    raw_id_fields = ["owner"]


@admin.register(ReportSubscription)
class ReportSubscriptionAdmin(OrganizationScopedAdmin):
    list_display = ["user", "template", "saved_report", "frequency", "last_sent_on", "workspace"]
    list_filter = ["frequency", "template", "workspace__organization", "workspace"]
    search_fields = ["user__username", "template", "saved_report__name"]
    list_select_related = ["user", "saved_report", "workspace"]
    raw_id_fields = ["user", "saved_report"]


@admin.register(ExportJob)
class ExportJobAdmin(OrganizationScopedAdmin):
    list_display = ["title", "format", "status", "progress", "rows", "requested_by", "created_at", "finished_at"]
    list_filter = ["status", "format", "workspace__organization", "workspace"]
    search_fields = ["title", "requested_by__username"]
    list_select_related = ["requested_by", "workspace"]
    raw_id_fields = ["requested_by", "saved_report", "file"]
    readonly_fields = ["progress", "rows", "error", "finished_at"]


@admin.register(CustomMetric)
class CustomMetricAdmin(OrganizationScopedAdmin):
    list_display = ["name", "source", "aggregate", "field", "workspace"]
    list_filter = ["source", "aggregate", "workspace__organization", "workspace"]
    search_fields = ["name"]
    list_select_related = ["workspace"]
    raw_id_fields = ["created_by"]
