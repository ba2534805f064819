"""The base of every module's API viewsets: one way to fetch what a user may see, one way to write."""

from rest_framework import mixins, status, viewsets
from rest_framework.response import Response


class TenantViewSet(viewsets.GenericViewSet):
    """Lists and objects come from `visible_to(user)`: another organization's id is a 404.

    Writes go through the module's services, never serializer.save(). A viewset that takes them mixes
    in ServiceCreateMixin / ServiceUpdateMixin (not methods of this base: DRF's router would open POST
    and PUT on every viewset, and DRF's own mixins, listed first, would shadow perform_update) and
    names the services:

        create_service = staticmethod(services.create_team)  # called (actor=user, **validated_data)
        update_service = staticmethod(services.update_team)  # called (instance, actor=user, **validated_data)
        destroy_service = staticmethod(services.delete_team)  # called (instance, actor=user); with ServiceDestroyMixin

    staticmethod(), because a plain function stored on a class becomes a method and would get the
    viewset as its first argument. The data goes by keyword, so the create service gets its parent
    under the field's own name (workspace=, asset=, event=...); an update drops `parent_field`,
    since a row never changes parent.
    """

    model = None
    related = ()
    prefetch = ()
    ordering = ("id",)
    lookup_value_converter = "int"
    parent_field = "workspace"
    create_service = None
    update_service = None
    destroy_service = None

    def get_queryset(self):
        qs = self.model.objects.visible_to(self.request.user)
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs.order_by(*self.ordering)

    def service_data(self, data, instance=None):
        """The validated data passed to the service (`instance` is None on create); override to filter it."""
        return data

    def created(self, instance):
        return Response(self.get_serializer(instance).data, status=status.HTTP_201_CREATED)

    def act(self, request, body_class, service):
        """A POST action on one object: validate the body, call `service(obj, actor=user, **data)`, answer the
        object it returns (a status move: a refused one raises InvalidTransition, a 409)."""
        obj = self.get_object()
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(self.get_serializer(service(obj, actor=request.user, **body.validated_data)).data)


# The mixins carry comments, not docstrings: drf-spectacular would print a docstring as the endpoint's description.
class ServiceCreateMixin:
    # POST: validate, call `create_service`, answer 201 through `created()`.
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = self.service_data(dict(serializer.validated_data))
        return self.created(self.create_service(actor=request.user, **data))


class ServiceUpdateMixin(mixins.UpdateModelMixin):
    # PUT and PATCH: DRF's update, saving through `update_service`.
    def perform_update(self, serializer):
        data = self.service_data(dict(serializer.validated_data), serializer.instance)
        data.pop(self.parent_field, None)
        serializer.instance = self.update_service(serializer.instance, actor=self.request.user, **data)


class ServiceDestroyMixin(mixins.DestroyModelMixin):
    # DELETE: DRF's destroy, deleting through `destroy_service` (called (instance, actor=user)).
    destroy_service = None

    def perform_destroy(self, instance):
        self.destroy_service(instance, actor=self.request.user)


# The whole set: list, retrieve, create, update and destroy, each write through the named services.
class ServiceModelViewSet(
    ServiceCreateMixin,
    mixins.RetrieveModelMixin,
    ServiceUpdateMixin,
    ServiceDestroyMixin,
    mixins.ListModelMixin,
    TenantViewSet,
):
    pass


# The whole set with DRF's create and update, for a viewset whose perform_create / perform_update call
# its services with more than the validated data (a checklist, a status move after the edit).
class TenantModelViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    ServiceDestroyMixin,
    mixins.ListModelMixin,
    TenantViewSet,
):
    pass
