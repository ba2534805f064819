from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Course, Enrolment, Grant, GrantApplication, Lesson, LessonCompletion, Material


@admin.register(Material)
class MaterialAdmin(OrganizationScopedAdmin):
    list_display = ["title", "kind", "category", "is_public", "workspace", "created_at"]
    list_filter = ["kind", "category", "is_public", "workspace__organization", "workspace"]
    search_fields = ["title", "description", "tags", "url"]
    list_select_related = ["workspace"]
    raw_id_fields = ["document", "created_by"]


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    raw_id_fields = ["material"]


@admin.register(Course)
class CourseAdmin(OrganizationScopedAdmin):
    list_display = ["title", "category", "is_public", "training_course", "workspace", "created_at"]
    list_filter = ["category", "is_public", "workspace__organization", "workspace"]
    search_fields = ["title", "summary"]
    list_select_related = ["workspace", "training_course"]
    raw_id_fields = ["training_course", "created_by"]
    inlines = [LessonInline]


@admin.register(Enrolment)
class EnrolmentAdmin(OrganizationScopedAdmin):
    list_display = ["course", "user", "status", "progress", "enrolled_at", "completed_at"]
    list_filter = ["status", "course__workspace__organization", "course__workspace"]
    search_fields = ["course__title", "user__username", "user__first_name", "user__last_name"]
    list_select_related = ["course", "user"]
    raw_id_fields = ["course", "user", "training_record"]


@admin.register(LessonCompletion)
class LessonCompletionAdmin(OrganizationScopedAdmin):
    organization_path = "enrolment__course__workspace__organization"
    list_display = ["enrolment", "lesson", "completed_at"]
    list_filter = ["enrolment__course__workspace__organization"]
    search_fields = ["lesson__title", "enrolment__course__title", "enrolment__user__username"]
    list_select_related = ["enrolment__course", "enrolment__user", "lesson"]
    raw_id_fields = ["enrolment", "lesson"]


@admin.register(Grant)
class GrantAdmin(OrganizationScopedAdmin):
    list_display = ["title", "funder", "amount", "currency", "deadline", "category", "is_public", "workspace"]
    list_filter = ["category", "is_public", "deadline", "workspace__organization", "workspace"]
    search_fields = ["title", "funder", "description", "eligibility", "tags"]
    list_select_related = ["workspace"]
    raw_id_fields = ["owner", "created_by"]


@admin.register(GrantApplication)
class GrantApplicationAdmin(OrganizationScopedAdmin):
    list_display = ["grant", "applicant", "requested_amount", "status", "submitted_at", "decided_at", "workspace"]
    list_filter = ["status", "workspace__organization", "workspace"]
    search_fields = ["grant__title", "grant__funder", "notes", "applicant__username", "applicant__last_name"]
    list_select_related = ["grant", "applicant", "workspace"]
    raw_id_fields = ["grant", "applicant"]
    readonly_fields = ["status", "submitted_at", "decided_at"]
