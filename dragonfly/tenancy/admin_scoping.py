"""The Django admin for organization admins: the same admin, narrowed to their organizations.

Superusers and Legends see everything. A Phantom (org-wide, staff) sees and edits only rows
of the organizations they administer: in every list, filter, autocomplete and foreign-key
choice, because all of them go through `scope_queryset`.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model

from dragonfly.core.admin_versions import VersionedAdminMixin, VersionedInlineMixin
from dragonfly.core.paginator import ListPaginator

from .access import get_access


def organization_path(model):
    """The lookup from `model` to its Organization, or None for global models."""
    from .models import Organization

    if model is Organization:
        return "pk"
    if model is get_user_model():
        return "memberships__organization"
    explicit = getattr(model, "organization_path", None)
    if explicit:
        return explicit
    field_names = {f.name for f in model._meta.get_fields()}
    if "organization" in field_names:
        return "organization"
    if hasattr(model, "workspace_path"):
        return f"{model.workspace_path}__organization"
    if "workspace" in field_names:
        return "workspace__organization"
    return None


def admin_organizations(request):
    """None for platform admins (no limit), else the ids of the organizations they administer."""
    access = get_access(request.user)
    return None if access.is_platform_admin else access.admin_organization_ids


def scope_queryset(queryset, request, path=None):
    """`path` names the lookup to the Organization when the model doesn't say it (an admin's own
    `organization_path`)."""
    orgs = admin_organizations(request)
    if orgs is None:
        return queryset
    path = path or organization_path(queryset.model)
    if path is None:
        return queryset
    scoped = queryset.filter(**{f"{path}__in": orgs})
    return scoped.distinct() if "memberships__" in path else scoped  # a user may hold several memberships


class RelatedOnlyFilter(admin.RelatedOnlyFieldListFilter):
    """Django's filter of the related values present, labelled in one query: a label is `str(row)`, and
    a label that reads another row (a workspace names its organization) loaded it once per choice."""

    def field_choices(self, field, request, model_admin):
        present = model_admin.get_queryset(request).distinct().values_list(f"{self.field_path}__pk", flat=True)
        rows = field.related_model._default_manager.filter(pk__in=present).select_related()  # non-null FKs
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            rows = rows.order_by(*ordering)
        target = field.remote_field.get_related_field().attname
        return [(getattr(row, target), str(row)) for row in rows]


class OrganizationScopedMixin:
    organization_path: str | None = None  # set on an admin whose model has no workspace or organization field

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request, self.organization_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            # A choice's label is str(row), which may read a parent (a workspace names its organization).
            field.queryset = scope_queryset(field.queryset, request).select_related()
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scope_queryset(field.queryset, request)
        return field

    def get_list_filter(self, request):
        # Related filters list only values present in the (scoped) rows, never other orgs'.
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and self._is_relation(item):
                filters.append((item, RelatedOnlyFilter))
            else:
                filters.append(item)
        return filters

    def _is_relation(self, name):
        model = self.model
        field = None
        for part in name.split("__"):
            try:
                field = model._meta.get_field(part)
            except Exception:
                return False
            model = getattr(field, "related_model", None) or model
        return bool(field is not None and field.is_relation)


class CappedCountPaginator(ListPaginator):
    """The app lists' paginator (dragonfly.core.paginator): a changelist over years of advances or
    activity counts at most CAP rows; past the cap it says "more than 10,000"
    (templates/admin/pagination.html) and pages on as far as the cap reaches."""


class OrganizationScopedAdmin(VersionedAdminMixin, OrganizationScopedMixin, admin.ModelAdmin):
    """Every admin's base: scoped to the admin's organizations, usable at a million rows (no full-table
    count, no select listing every row of a related table), and two admins editing the same row never
    overwrite each other (VersionedAdminMixin)."""

    paginator = CappedCountPaginator
    show_full_result_count = False  # the "N total" link would count the whole table again

    def get_autocomplete_fields(self, request):
        # A foreign key whose target has a searchable admin gets a search box instead of a <select>
        # with every row; the autocomplete view reads through that admin's scoped queryset, and
        # answers only those who may view that admin (the others keep the scoped <select>).
        fields = list(super().get_autocomplete_fields(request))
        raw = set(self.raw_id_fields)
        for field in self.model._meta.get_fields():
            relation = field.many_to_one or field.one_to_one or field.many_to_many
            if not relation or not field.concrete or field.name in raw or field.name in fields:
                continue
            target = self.admin_site._registry.get(field.related_model)
            if target is not None and target.search_fields and target.has_view_permission(request):
                fields.append(field.name)
        return fields


class ReadOnlyAdmin(OrganizationScopedAdmin):
    """Rows that are evidence (a log, a ledger): shown, never added, changed or deleted from the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrganizationScopedInline(VersionedInlineMixin, OrganizationScopedMixin, admin.TabularInline):
    extra = 0

    def get_list_filter(self, request):  # inlines have none
        return []
