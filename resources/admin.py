from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Course, Enrolment, Lesson, LessonCompletion, Material


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
