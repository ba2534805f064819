"""Admin for advancing: the catalog (platform admins only) and advances (org admins, scoped).

Status never changes by editing a field here: the actions call the same services as the
pages and the API, so the rules, the activity log and the notifications are the same.
"""

import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dragonfly.activity.models import ActivityEntry
from dragonfly.core.csv_export import stream_csv
from dragonfly.tenancy.admin_scoping import (
    OrganizationScopedAdmin,
    OrganizationScopedInline,
    ReadOnlyAdmin,
    admin_organizations,
)

from . import services
from .catalog import COLUMNS as CATALOG_COLUMNS
from .catalog import catalog_rows, load_catalog
from .errors import CatalogLoadError, DomainError
from .models import (
    Advance,
    AdvanceItem,
    AdvanceShareLink,
    AdvanceTemplate,
    AdvanceTemplateLine,
    CatalogItem,
    ItemPairing,
    Priority,
    Rollover,
    RolloverCopy,
    priority_q,
)

# The admin pages of the catalog import and the reject confirmation (translatable templates).
CATALOG_CHANGE_LIST = "advancing/admin/catalog_change_list.html"
IMPORT_PAGE = "advancing/admin/catalog_import.html"
REJECT_PAGE = "advancing/admin/reject_advances.html"


def is_platform_admin(request):
    return admin_organizations(request) is None


class CatalogImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy("UTF-8 CSV, as exported from here."))


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    list_display = ["item_id", "name", "category", "subcategory", "standard_unit", "enabled", "updated_at"]
    list_filter = ["enabled", "category"]
    search_fields = ["item_id", "name", "subcategory", "specifications"]
    readonly_fields = ["search_text", "created_at", "updated_at"]
    actions = ["enable_items", "disable_items", "export_csv"]
    change_list_template = CATALOG_CHANGE_LIST

    # The catalog is global: only platform admins (superusers, Legends) change it.
    def has_add_permission(self, request):
        return is_platform_admin(request)

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request)

    def has_delete_permission(self, request, obj=None):
        return is_platform_admin(request)

    def get_urls(self):
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="advancing_catalogitem_import",
            )
        ]
        return extra + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": is_platform_admin(request)}
        return super().changelist_view(request, extra_context)

    @admin.action(description=gettext_lazy("Enable selected items"))
    def enable_items(self, request, queryset):
        self._set_enabled(request, queryset, True)

    @admin.action(description=gettext_lazy("Disable selected items (hidden from new advances)"))
    def disable_items(self, request, queryset):
        self._set_enabled(request, queryset, False)

    def _set_enabled(self, request, queryset, enabled):
        if not is_platform_admin(request):
            raise PermissionDenied
        count = 0
        for item in queryset.exclude(enabled=enabled):
            item.enabled = enabled
            item.save(update_fields=["enabled", "updated_at"])
            count += 1
        self.message_user(request, f"{count} item(s) {'enabled' if enabled else 'disabled'}.")

    @admin.action(description=gettext_lazy("Export selected items as CSV"))
    def export_csv(self, request, queryset):
        return stream_csv("advancing-catalog.csv", CATALOG_COLUMNS, catalog_rows(queryset))

    def import_view(self, request):
        if not is_platform_admin(request):
            raise PermissionDenied
        form = CatalogImportForm(request.POST or None, request.FILES or None)
        row_errors = []
        if request.method == "POST" and form.is_valid():
            try:
                text = io.TextIOWrapper(form.cleaned_data["file"].file, encoding="utf-8-sig", newline="")
                created, updated, unchanged = load_catalog(text)
            except CatalogLoadError as exc:
                row_errors = exc.errors
            except UnicodeDecodeError:
                row_errors = [_("The file is not UTF-8 text.")]
            else:
                counts = {"created": created, "updated": updated, "unchanged": unchanged}
                self.message_user(
                    request, _("Catalog: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % counts
                )
                return HttpResponseRedirect(reverse("admin:advancing_catalogitem_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import the advancing catalog"),
            "form": form,
            "row_errors": row_errors,
            "columns": "item_id, category, subcategory, item_name, common_variations, related_accessories, "
            "specifications, standard_unit",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, IMPORT_PAGE, context)


class PriorityFilter(admin.SimpleListFilter):
    title = "priority"
    parameter_name = "priority"

    def lookups(self, request, model_admin):
        return Priority.choices

    def queryset(self, request, queryset):
        if self.value() in Priority.values:
            return queryset.filter(priority_q(self.value()))
        return queryset


class AdvanceItemInline(OrganizationScopedInline):
    """Lines are shown, not edited: totals and fulfilment come from the services."""

    model = AdvanceItem
    fields = [
        "position",
        "name",
        "catalog_item",
        "quantity",
        "approved_quantity",
        "unit",
        "unit_cost",
        "total_cost",
        "quantity_fulfilled",
        "fulfilment_status",
        "actual_cost",
        "notes",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Advance)
class AdvanceAdmin(OrganizationScopedAdmin):
    list_display = [
        "id",
        "activation_name",
        "workspace",
        "submitter",
        "status",
        "priority_label",
        "estimated_cost",
        "currency",
        "submitted_at",
    ]
    list_filter = ["status", "organization", "workspace", "event", PriorityFilter]
    search_fields = ["activation_name", "team_workspace", "submitter__username", "items__name"]
    list_select_related = ["workspace", "workspace__organization", "submitter"]
    date_hierarchy = "submitted_at"
    inlines = [AdvanceItemInline]
    raw_id_fields = ["production"]
    actions = ["start_review_selected", "approve_selected", "reject_selected"]
    readonly_fields = [
        "organization",
        "workspace",
        "event",  # chosen on the advance form or the API, where the service checks it is of this workspace
        "submitter",
        "status",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "reviewer_notes",
        "approved_cost",
        "fulfilled_by",
        "fulfilled_at",
        "fulfillment_notes",
        "estimated_cost",
        "actual_cost",
        "currency",
        "created_at",
        "updated_at",
        "history",
    ]
    fieldsets = [
        (None, {"fields": ["organization", "workspace", "production", "event", "team_workspace", "activation_name"]}),
        (gettext_lazy("Status"), {"fields": ["status", "submitter", "submitted_at", "created_at", "updated_at"]}),
        (gettext_lazy("Review"), {"fields": ["reviewed_by", "reviewed_at", "reviewer_notes", "approved_cost"]}),
        (gettext_lazy("Fulfilment"), {"fields": ["fulfilled_by", "fulfilled_at", "fulfillment_notes"]}),
        (gettext_lazy("Money"), {"fields": ["estimated_cost", "actual_cost", "currency"]}),
        (gettext_lazy("History"), {"fields": ["history"]}),
        (gettext_lazy("Other"), {"classes": ["collapse"], "fields": ["metadata"]}),
    ]

    # Advances start in the app (create_advance checks the workspace, production and lines).
    def has_add_permission(self, request):
        return False

    @admin.display(description="priority", ordering="estimated_cost")
    def priority_label(self, obj):
        return obj.priority.label

    @admin.display(description="history")
    def history(self, obj):
        entries = ActivityEntry.objects.for_object(obj).order_by("created_at", "id")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
            (
                (e.created_at.strftime("%Y-%m-%d %H:%M"), e.actor or "—", e.verb, e.from_state, e.to_state, e.note)
                for e in entries
            ),
        )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("When"),
            _("Who"),
            _("What"),
            _("Move"),
            _("Note"),
            rows,
        )

    @admin.action(description=gettext_lazy("Start review of selected advances"))
    def start_review_selected(self, request, queryset):
        self._apply(request, queryset, lambda a: services.start_review(a, actor=request.user), taken_message)

    @admin.action(description=gettext_lazy("Approve selected advances (as requested)"))
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, lambda a: services.approve_advance(a, actor=request.user), approved_message)

    @admin.action(description=gettext_lazy("Reject selected advances…"))
    def reject_selected(self, request, queryset):
        note = request.POST.get("note", "").strip()
        if "confirm" not in request.POST or not note:
            if "confirm" in request.POST:
                self.message_user(request, _("Say why the advances are rejected."), messages.ERROR)
            context = {**self.admin_site.each_context(request), "title": _("Reject advances"), "advances": queryset}
            return TemplateResponse(request, REJECT_PAGE, context)
        reject = lambda a: services.reject_advance(a, actor=request.user, note=note)  # noqa: E731
        self._apply(request, queryset, reject, rejected_message)
        return None

    def _apply(self, request, queryset, service, done_message):
        done = 0
        for advance in queryset:
            try:
                service(advance)
                done += 1
            except (DomainError, PermissionDenied) as exc:
                reason = str(exc) or _("not allowed.")
                self.message_user(
                    request, _("Advance #%(pk)s: %(reason)s") % {"pk": advance.pk, "reason": reason}, messages.WARNING
                )
        if done:
            self.message_user(request, done_message(done) % {"n": done}, messages.SUCCESS)


# What the bulk actions report, as whole sentences with their plural.
def taken_message(n):
    return ngettext("%(n)s advance taken into review.", "%(n)s advances taken into review.", n)


def approved_message(n):
    return ngettext("%(n)s advance approved.", "%(n)s advances approved.", n)


def rejected_message(n):
    return ngettext("%(n)s advance rejected.", "%(n)s advances rejected.", n)


@admin.register(ItemPairing)
class ItemPairingAdmin(ReadOnlyAdmin):
    """What the advance form suggests, as the nightly job left it (suggestions.refresh_pairings):
    read-only, since the next run rebuilds it. An org admin sees their workspaces' history only."""

    list_display = ["item", "companion", "source", "advances", "workspace", "refreshed_at"]
    list_filter = ["source"]
    list_select_related = ["item", "companion", "workspace__organization"]
    search_fields = ["item__name", "companion__name"]


# --- stock (issue 22) -----------------------------------------------------------------------------
from .models import StockMapping, StockReservation  # noqa: E402 (kept in this block for the merge)


@admin.register(StockMapping)
class StockMappingAdmin(OrganizationScopedAdmin):
    """Which of an organization's asset categories a catalog item is taken from (also on /advancing/stock-mapping/)."""

    list_display = ["catalog_item", "asset_category", "factor", "organization"]
    list_filter = ["organization", "asset_category"]
    list_select_related = ["catalog_item", "organization"]
    search_fields = ["catalog_item__name", "catalog_item__item_id", "asset_category"]


@admin.register(StockReservation)
class StockReservationAdmin(ReadOnlyAdmin):
    """The asset reservations approvals made for advance lines (written by the approval only)."""

    list_display = ["item", "reservation", "assets", "created_at"]
    list_select_related = ["item", "reservation"]
    search_fields = ["item__name"]
    raw_id_fields = ["item", "reservation"]


# --- templates and roll-overs (issue 22) -----------------------------------------------------------
class AdvanceTemplateLineInline(OrganizationScopedInline):
    model = AdvanceTemplateLine
    fields = ["position", "catalog_item", "quantity", "notes"]
    raw_id_fields = ["catalog_item"]


@admin.register(AdvanceTemplate)
class AdvanceTemplateAdmin(OrganizationScopedAdmin):
    list_display = ["name", "production_type", "organization", "workspace", "created_by", "updated_at"]
    list_filter = ["production_type", "organization", "workspace"]
    search_fields = ["name"]
    list_select_related = ["organization", "workspace__organization", "created_by"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [AdvanceTemplateLineInline]


@admin.register(Rollover)
class RolloverAdmin(ReadOnlyAdmin):
    """What each roll-over copied and skipped (a record: made by the app's roll-over, never edited here)."""

    list_display = [
        "id",
        "source_workspace",
        "workspace",
        "requested_by",
        "status",
        "copied",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "organization"]
    search_fields = ["source_workspace__name", "workspace__name", "requested_by__username"]
    list_select_related = ["source_workspace__organization", "workspace__organization", "requested_by"]


@admin.register(RolloverCopy)
class RolloverCopyAdmin(ReadOnlyAdmin):
    list_display = ["source", "copy", "workspace", "rollover", "created_at"]
    list_select_related = ["source", "copy", "workspace__organization", "rollover"]
    search_fields = ["source__activation_name", "copy__activation_name"]


# --- share links (advancing/sharing.py) --------------------------------------------------------------
@admin.register(AdvanceShareLink)
class AdvanceShareLinkAdmin(OrganizationScopedAdmin):
    """An advance's links for outside collaborators. Made, reset and revoked by the crew on the advance
    (the token is shown once, to them); here they are read, and the label or window corrected."""

    list_display = ["advance", "label", "valid_from", "valid_until", "revoked_at", "last_used_at", "last_used_by"]
    list_filter = ["advance__workspace__organization", "valid_until", "revoked_at"]
    search_fields = ["label", "last_used_by", "advance__activation_name"]
    readonly_fields = [
        "advance",
        "created_by",
        "created_at",
        "reset_at",
        "revoked_at",
        "revoked_by",
        "last_used_at",
        "last_used_by",
    ]
    exclude = ["token_hash", "passcode_hash"]
    list_select_related = ["advance", "created_by"]

    def has_add_permission(self, request):
        return False  # the token is shown once, to the sharer, by the advancing service
