from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin, OrganizationScopedInline

from .models import CalendarFeed, CrewCall, Cue, Event, EventSeries, Incident


class CrewCallInline(OrganizationScopedInline):
    model = CrewCall
    raw_id_fields = ["user"]
    fields = ["user", "role_title", "call_time", "notes"]


class CueInline(OrganizationScopedInline):
    model = Cue
    fields = ["position", "item", "duration", "fixed_start", "owner", "department"]


@admin.register(Event)
class EventAdmin(OrganizationScopedAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        "starts_at",
        "ends_at",
        "timezone",
        "location",
        "production",
        "workspace",
    ]
    list_filter = ["kind", "status", "workspace__organization", "workspace"]
    search_fields = ["title", "description", "location__name", "production__name"]
    list_select_related = ["location", "production", "workspace"]
    raw_id_fields = ["location", "production", "series", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [CrewCallInline, CueInline]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, CrewCall):
                obj.set_booking(form.instance)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(EventSeries)
class EventSeriesAdmin(OrganizationScopedAdmin):
    list_display = ["pk", "rrule", "timezone", "first_start", "duration", "workspace"]
    list_filter = ["workspace__organization"]
    search_fields = ["rrule"]
    list_select_related = ["workspace"]


@admin.register(CrewCall)
class CrewCallAdmin(OrganizationScopedAdmin):
    list_display = ["user", "event", "role_title", "call_time"]
    list_filter = ["event__workspace__organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "event__title", "role_title"]
    list_select_related = ["user", "event"]
    raw_id_fields = ["user", "event"]
    readonly_fields = ["booked_from", "booked_until"]

    def save_model(self, request, obj, form, change):
        obj.set_booking(obj.event)
        super().save_model(request, obj, form, change)


@admin.register(Cue)
class CueAdmin(OrganizationScopedAdmin):
    list_display = ["item", "event", "position", "duration", "department", "owner", "status", "actual_start"]
    list_filter = ["status", "department", "event__workspace__organization"]
    search_fields = ["item", "owner", "event__title"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    # The calls are the show's record: made on the call page (through the transition engine), read here.
    readonly_fields = ["status", "actual_start", "actual_end"]


@admin.register(Incident)
class IncidentAdmin(OrganizationScopedAdmin):
    list_display = ["title", "event", "severity", "category", "status", "occurred_at", "reported_by"]
    list_filter = ["severity", "category", "status", "event__workspace__organization"]
    search_fields = ["title", "description", "event__title"]
    list_select_related = ["event", "reported_by"]
    raw_id_fields = ["event", "reported_by"]
    date_hierarchy = "occurred_at"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(OrganizationScopedAdmin):
    list_display = ["user", "hint", "created_at", "last_used_at"]
    list_filter = ["created_at"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "token_hash", "hint", "created_at", "last_used_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def has_add_permission(self, request):
        return False  # tokens are issued by their owner, from the calendar feed page
