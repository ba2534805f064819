"""Document filters shared by the files page and the API; choices come from what the user may see."""

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from dragonfly.core.filters import IdFilter, visible_choices

from .models import Document, DocumentCategory

WORKSPACE_ONLY = "none"  # the object-type choice for files of the workspace itself


def categories(request):
    """The categories of the organizations the user belongs to (this page's organization only)."""
    rows = visible_choices(DocumentCategory, narrow=False)(request).select_related("organization")
    workspace = getattr(request, "filter_workspace", None)
    return rows.filter(organization_id=workspace.organization_id) if workspace is not None else rows


def object_type_choices(documents):
    """The kinds of object the listed files hang on (`app_label.model`), and the workspace itself."""
    types = sorted(ContentType.objects.filter(pk__in=documents.values("content_type_id")), key=lambda ct: str(ct.name))
    return [
        (WORKSPACE_ONLY, _("The workspace itself")),
        *((f"{ct.app_label}.{ct.model}", str(ct.name).capitalize()) for ct in types),
    ]


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    category = django_filters.ModelChoiceFilter(queryset=categories, label=_("Category"))
    object_type = django_filters.ChoiceFilter(method="filter_object_type", choices=(), label=_("Attached to"))
    workspace = IdFilter(field_name="workspace_id", label=_("Workspace"))

    class Meta:
        model = Document
        fields = ["category", "bucket"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new filter, not the copied one's choices: the schema generator may have built the class's
        # field already (with no choices), and a copied filter keeps its built field.
        choice = django_filters.ChoiceFilter(
            method="filter_object_type", choices=object_type_choices(self.queryset), label=_("Attached to")
        )
        choice.model, choice.parent = self.queryset.model, self
        self.filters["object_type"] = choice

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_object_type(self, queryset, name, value: str):
        if value == WORKSPACE_ONLY:
            return queryset.filter(content_type__isnull=True)
        app_label, _dot, model = value.partition(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model)
