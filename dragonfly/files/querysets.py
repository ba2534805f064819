"""Who sees which file. A document linked to a business object (a production, a venue, a purchase
order) is seen by exactly those who see that object: the object's own `visible_to(user)` (with its
`attachment_perm` when it asks more for its files), reached
through its content type, so the core imports no module. A document of the workspace alone is seen
through the workspace role's `files.view_document`. Contracts stay with organization admins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from dragonfly.tenancy.querysets import OrganizationQuerySet, TenantQuerySet

from .buckets import BUCKETS

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access

VIEW = "files.view_document"
ADMIN_ONLY = [name for name, bucket in BUCKETS.items() if bucket.admin_only]


def linked_model(content_type: ContentType) -> Any:
    """The model class behind a content type, when it can say who sees its rows (else None)."""
    model = content_type.model_class()
    manager = getattr(model, "_default_manager", None)
    return model if manager is not None and hasattr(manager, "visible_to") else None


def visible_object(content_type: ContentType, pk: Any, user: Any) -> Any:
    """The linked model's row `pk` when `user` sees it; None for anything else (a malformed id too)."""
    model = linked_model(content_type)
    if model is None:
        return None
    try:
        pk = model._meta.pk.to_python(pk)
    except ValidationError:
        return None
    return model._default_manager.visible_to(user).filter(pk=pk).first()


class DocumentQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        # One query names the object types documents hang on (a handful); each adds one subquery:
        # the ids of that model's rows the user sees (its own visible_to), as a generic link stores them.
        hung_on = self.model._default_manager.filter(
            content_type__isnull=False, workspace__organization_id__in=access.organization_ids
        ).values("content_type_id")
        linked = Q(pk__in=[])
        for content_type in ContentType.objects.filter(pk__in=hung_on):
            model = linked_model(content_type)
            if model is not None:
                # A model may ask more than seeing it for its files (an applicant's CV is personal data).
                rows = model._default_manager.visible_to(access.user, getattr(model, "attachment_perm", None))
                ids = rows.values_list(Cast("pk", CharField()), flat=True)
                linked |= Q(content_type_id=content_type.pk, object_id__in=ids)
        own = access.visible_q(self.model, perm or VIEW)
        contracts = ~Q(bucket__in=ADMIN_ONLY) | Q(workspace__organization_id__in=access.admin_organization_ids)
        if perm and perm != VIEW:  # a change: the role's permission, on a document the user sees
            return own & (Q(content_type__isnull=True) | linked) & contracts
        return ((Q(content_type__isnull=True) & own) | linked) & contracts

    def search(self, text: str) -> DocumentQuerySet:
        return self.filter(Q(title__icontains=text) | Q(current__original_name__icontains=text))


class CategoryQuerySet(OrganizationQuerySet):
    pass
