from django import forms
from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline

from .models import (
    Assignment,
    Certification,
    CertificationKind,
    Person,
    Position,
    Team,
    TimeEntry,
    Unavailability,
    WorkRules,
)


class CertificationInline(OrganizationScopedInline):
    model = Certification
    fields = ("kind", "name", "issuer", "issued_on", "expires_on", "document")
    raw_id_fields = ("document",)


@admin.register(Person)
class PersonAdmin(OrganizationScopedAdmin):
    list_display = ("__str__", "workspace", "department", "team", "job_title", "user", "active")
    list_filter = ("active", "workspace", "department", "team")
    search_fields = ("first_name", "last_name", "email", "skills", "job_title")
    raw_id_fields = ("user",)
    list_select_related = ("workspace", "team", "user")
    inlines = [CertificationInline]


@admin.register(Team)
class TeamAdmin(OrganizationScopedAdmin):
    list_display = ("name", "department", "lead", "workspace")
    list_filter = ("workspace",)
    search_fields = ("name", "department")
    raw_id_fields = ("lead",)
    list_select_related = ("workspace", "lead")


@admin.register(Certification)
class CertificationAdmin(OrganizationScopedAdmin):
    list_display = ("person", "kind", "name", "issuer", "issued_on", "expires_on", "workspace")
    list_filter = ("kind", "workspace")
    search_fields = ("person__first_name", "person__last_name", "name", "issuer", "number")
    date_hierarchy = "expires_on"
    raw_id_fields = ("person", "document")
    list_select_related = ("person", "workspace")


class PositionAdminForm(forms.ModelForm):
    required_certifications = forms.MultipleChoiceField(
        choices=CertificationKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Position
        fields = ["workspace", "name", "department", "required_certifications", "notes"]


@admin.register(Position)
class PositionAdmin(OrganizationScopedAdmin):
    form = PositionAdminForm
    list_display = ("name", "department", "required_labels", "workspace")
    list_filter = ("workspace",)
    search_fields = ("name", "department")


@admin.register(Assignment)
class AssignmentAdmin(OrganizationScopedAdmin):
    list_display = ("person", "position", "production", "call_time", "end_time", "overridden_by")
    list_filter = ("workspace", "position")
    search_fields = ("person__first_name", "person__last_name", "position__name", "production__name")
    date_hierarchy = "call_time"
    raw_id_fields = ("person", "production", "position", "assigned_by", "overridden_by")
    list_select_related = ("person", "position", "production", "overridden_by")


@admin.register(Unavailability)
class UnavailabilityAdmin(OrganizationScopedAdmin):
    list_display = ("person", "start_date", "end_date", "reason", "workspace")
    list_filter = ("workspace",)
    search_fields = ("person__first_name", "person__last_name", "reason")
    raw_id_fields = ("person", "created_by")
    list_select_related = ("person", "workspace")


@admin.register(TimeEntry)
class TimeEntryAdmin(OrganizationScopedAdmin):
    list_display = ("person", "work_date", "hours", "break_minutes", "status", "production", "approved_by")
    list_filter = ("status", "workspace")
    search_fields = ("person__first_name", "person__last_name", "notes")
    date_hierarchy = "work_date"
    raw_id_fields = ("person", "assignment", "production", "approved_by", "created_by")
    list_select_related = ("person", "production", "approved_by")


@admin.register(WorkRules)
class WorkRulesAdmin(OrganizationScopedAdmin):
    list_display = ("organization", "max_shift_hours", "min_rest_hours", "max_consecutive_days", "overtime_after_hours")
    search_fields = ("organization__name",)
    list_filter = ("max_consecutive_days",)


from . import hiring_admin  # noqa: E402, F401 (registers the hiring and training admins)
