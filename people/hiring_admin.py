"""Admin of hiring and training (registered from people/admin.py). An application's stage is read-only
here: it moves through the pipeline (the transition engine), which checks and records each step."""

from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline

from .models import (
    Application,
    ApplicationCertificate,
    InterviewNote,
    Opening,
    TrainingCourse,
    TrainingRecord,
    TrainingSession,
)


@admin.register(Opening)
class OpeningAdmin(OrganizationScopedAdmin):
    list_display = ("title", "production", "department", "is_open", "workspace", "created_at")
    list_filter = ("is_open", "workspace", "department")
    search_fields = ("title", "department", "description", "production__name")
    raw_id_fields = ("production", "created_by")
    list_select_related = ("production", "workspace")


class ApplicantCertificateInline(OrganizationScopedInline):
    model = ApplicationCertificate
    fields = ("kind", "name", "issuer", "expires_on")


class InterviewNoteInline(OrganizationScopedInline):
    model = InterviewNote
    fields = ("author", "rating", "body")
    raw_id_fields = ("author",)


@admin.register(Application)
class ApplicationAdmin(OrganizationScopedAdmin):
    list_display = ("__str__", "opening", "status", "person", "workspace", "created_at")
    list_filter = ("status", "workspace")
    search_fields = ("first_name", "last_name", "email", "opening__title")
    readonly_fields = ("status", "status_changed_at", "person")
    raw_id_fields = ("opening", "cv")
    list_select_related = ("opening", "person", "workspace")
    inlines = [ApplicantCertificateInline, InterviewNoteInline]


@admin.register(InterviewNote)
class InterviewNoteAdmin(OrganizationScopedAdmin):
    list_display = ("application", "author", "rating", "created_at")
    list_filter = ("rating", "workspace")
    search_fields = ("application__first_name", "application__last_name", "body")
    raw_id_fields = ("application", "author")
    list_select_related = ("application", "author")


@admin.register(TrainingCourse)
class TrainingCourseAdmin(OrganizationScopedAdmin):
    list_display = ("name", "certification_kind", "validity_months", "workspace")
    list_filter = ("certification_kind", "workspace")
    search_fields = ("name", "description")


@admin.register(TrainingSession)
class TrainingSessionAdmin(OrganizationScopedAdmin):
    list_display = ("course", "date", "trainer", "capacity", "workspace")
    list_filter = ("workspace", "course")
    search_fields = ("course__name", "trainer", "location")
    date_hierarchy = "date"
    raw_id_fields = ("course",)
    list_select_related = ("course", "workspace")


@admin.register(TrainingRecord)
class TrainingRecordAdmin(OrganizationScopedAdmin):
    list_display = ("person", "session", "result", "expires_on", "workspace")
    list_filter = ("result", "workspace")
    search_fields = ("person__first_name", "person__last_name", "session__course__name")
    raw_id_fields = ("session", "person", "certification", "recorded_by")
    list_select_related = ("person", "session__course", "workspace")


@admin.register(ApplicationCertificate)
class ApplicantCertificateAdmin(OrganizationScopedAdmin):
    list_display = ("application", "kind", "name", "expires_on", "workspace")
    list_filter = ("kind", "workspace")
    search_fields = ("application__first_name", "application__last_name", "name", "issuer")
    raw_id_fields = ("application",)
    list_select_related = ("application", "workspace")
