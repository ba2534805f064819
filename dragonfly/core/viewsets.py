"""The base of every module's API viewsets: one way to fetch what a user may see."""

from rest_framework import status, viewsets
from rest_framework.response import Response


class TenantViewSet(viewsets.GenericViewSet):
    """Lists and objects come from `visible_to(user)`: another organization's id is a 404."""

    model = None
    related = ()
    prefetch = ()
    ordering = ("id",)
    lookup_value_converter = "int"

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user)
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs.order_by(*self.ordering)

    def created(self, instance):
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)
