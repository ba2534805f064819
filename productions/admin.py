from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline

from .models import (
    ChecklistItem,
    ComplianceItem,
    Milestone,
    MilestoneTemplate,
    Production,
    Task,
    TaskComment,
    TeamMember,
)


class TeamMemberInline(OrganizationScopedInline):
    model = TeamMember
    autocomplete_fields = ["user"]


@admin.register(Production)
class ProductionAdmin(OrganizationScopedAdmin):
    list_display = [
        "name",
        "code",
        "workspace",
        "type",
        "status",
        "start_date",
        "end_date",
        "production_manager",
        "health_score",
    ]
    list_filter = ["status", "type", "workspace__organization", "workspace"]
    search_fields = ["name", "code", "tags"]
    list_select_related = ["workspace", "workspace__organization", "production_manager"]
    date_hierarchy = "start_date"
    raw_id_fields = ["venue", "production_manager", "created_by"]
    readonly_fields = [
        "health_score",
        "health_factors",
        "health_updated_at",
        "status_changed_at",
        "created_at",
        "updated_at",
    ]
    inlines = [TeamMemberInline]


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(OrganizationScopedAdmin):
    list_display = ["title", "organization", "phase", "anchor", "offset_days", "position"]
    list_filter = ["phase", "organization"]
    search_fields = ["title"]
    list_select_related = ["organization"]


@admin.register(Milestone)
class MilestoneAdmin(OrganizationScopedAdmin):
    list_display = ["title", "production", "due_date", "owner", "phase", "done_at"]
    list_filter = ["phase", "production__workspace__organization"]
    search_fields = ["title", "production__name"]
    list_select_related = ["production", "owner"]
    raw_id_fields = ["production", "owner", "template"]
    date_hierarchy = "due_date"


class ChecklistInline(OrganizationScopedInline):
    model = ChecklistItem


@admin.register(Task)
class TaskAdmin(OrganizationScopedAdmin):
    list_display = ["title", "production", "assignee", "status", "priority", "due_date"]
    list_filter = ["status", "priority", "production__workspace__organization"]
    search_fields = ["title", "description", "production__name"]
    list_select_related = ["production", "assignee"]
    raw_id_fields = ["production", "assignee", "created_by"]
    date_hierarchy = "due_date"
    inlines = [ChecklistInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(OrganizationScopedAdmin):
    list_display = ["text", "task", "done_at", "position"]
    list_filter = ["task__production__workspace__organization"]
    search_fields = ["text", "task__title"]
    list_select_related = ["task"]
    raw_id_fields = ["task"]


@admin.register(TaskComment)
class TaskCommentAdmin(OrganizationScopedAdmin):
    list_display = ["task", "author", "created_at"]
    list_filter = ["task__production__workspace__organization"]
    search_fields = ["body", "task__title"]
    list_select_related = ["task", "author"]
    raw_id_fields = ["task", "author"]


@admin.register(ComplianceItem)
class ComplianceItemAdmin(OrganizationScopedAdmin):
    list_display = ["title", "production", "kind", "status", "required_by", "expires_on", "owner"]
    list_filter = ["kind", "status", "production__workspace__organization"]
    search_fields = ["title", "authority", "reference", "production__name"]
    list_select_related = ["production", "owner"]
    raw_id_fields = ["production", "owner", "document"]
    date_hierarchy = "expires_on"


@admin.register(TeamMember)
class TeamMemberAdmin(OrganizationScopedAdmin):
    list_display = ["user", "production", "title", "department"]
    list_filter = ["production__workspace__organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "title", "production__name"]
    list_select_related = ["user", "production"]
    raw_id_fields = ["user", "production"]
