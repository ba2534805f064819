"""The base of every module's API viewsets: one way to fetch what a user may see, one way to write."""

from typing import Any

from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnList

from .values_lists import values_plan
from .versioning import Versioned, body_version, etag, expecting, if_match_versions


class EditVersionMixin:
    """Edit conflicts on the API (dragonfly.core.versioning), for a viewset of `Versioned` rows whose
    serializer has a `VersionField`: a detail (and an update's answer) carries `ETag: "v<version>"`; an
    update with `If-Match` naming another version is refused with 412, one whose body names a stale
    `version` with 409 (both say which fields changed since and who changed them), nothing saved. An
    update with neither applies to the current version, as before. TenantViewSet has it."""

    def initial(self, request, *args, **kwargs):
        self._edit_check = None
        super().initial(request, *args, **kwargs)

    def get_object(self):
        return self.checked(super().get_object())

    def checked(self, obj):
        """`obj`, the object of this request; on an update, its save now checks the version the client
        named (a viewset that fetches its object its own way passes it through here)."""
        if self.action in ("update", "partial_update") and getattr(self, "_edit_check", False) is None:
            self._edit_check = self._expect(obj)
        return obj

    def _expect(self, obj):
        """An update names the version it was made on by `If-Match` (412 when stale) or a body `version`
        (409); its save then goes through only on that version. Without either it saves as before."""
        if not isinstance(obj, Versioned):
            return False
        versions = if_match_versions(self.request.headers.get("If-Match"))
        precondition = versions is not None
        if versions is None:
            versions = body_version(self.request.data)
        if versions is None:
            return False
        # Refused at once when stale, unless the user may not edit it at all: then the service's 403 comes
        # first (RFC 9110 §13.2.1: a precondition counts only for a request that would otherwise succeed).
        opts = obj._meta
        may = self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}", obj)
        check = expecting(obj, versions, precondition=precondition, now=may)
        check.__enter__()  # left in finalize_response, after the handler has saved (or refused)
        return check

    def finalize_response(self, request, response, *args, **kwargs):
        check = getattr(self, "_edit_check", None)
        if check:
            self._edit_check = False
            check.__exit__(None, None, None)
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            self.action in ("retrieve", "update", "partial_update")
            and 200 <= response.status_code < 300
            and isinstance(data, dict)
            and isinstance(data.get("version"), int)
            and issubclass(self._model(), Versioned)
        ):
            response["ETag"] = etag(data["version"])
        return response

    def _model(self):
        return getattr(self, "model", None) or self.get_queryset().model


class TenantViewSet(EditVersionMixin, viewsets.GenericViewSet):
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

    A module whose pages read through a selector (`visible_to` + related rows + order) names it, and the
    API reads the same rows: `selector = staticmethod(selectors.budgets)` replaces `model`/`ordering`.
    `reread = True` answers every write with the row read again through `get_queryset()`, so a created
    or moved object carries the same annotations as the list.

    A detail action that moves an object is one line: `return self.act(services.approve_x, NoteSerializer)`
    (validate the body, call the service with the object, actor=user and the body's fields, answer).

    The `list` action reads `.values()` rows when the serializer only reads columns (`values_lists`:
    the same JSON, no model objects built); `values_lists = False` on a viewset (or the class) keeps
    DRF's path. The rows still come from `get_queryset()` and the filters, the schema from the serializer.
    """

    model: Any = None
    selector: Any = None
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("id",)
    lookup_value_converter = "int"
    parent_field = "workspace"
    create_service: Any = None
    update_service: Any = None
    destroy_service: Any = None
    reread = False
    values_lists = True

    def visible(self, user):
        """The rows `user` may see, in list order."""
        if self.selector is not None:
            return self.selector(user)
        return self.model.objects.visible_to(user).order_by(*self.ordering)

    def get_queryset(self):
        qs = self.visible(self.request.user)
        if self.related:
            qs = qs.select_related(*self.related)
        if self.prefetch:
            qs = qs.prefetch_related(*self.prefetch)
        return qs

    def paginate_queryset(self, queryset):
        self._values = None
        if self.action == "list" and self.values_lists and self.paginator is not None:
            # One serializer a request, as DRF's path builds one: a ModelSerializer's fields cost
            # milliseconds to build, as much as serializing a page.
            serializer = self.get_serializer()
            plan = values_plan(serializer, queryset)
            if plan is not None:
                self._values = (plan, serializer.fields)
                # Prefetches hang on objects; a column-only serializer reads none of them.
                queryset = _CountedValues(queryset.prefetch_related(None).values(*plan.columns), queryset)
        return super().paginate_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        values = getattr(self, "_values", None)
        if values is not None and kwargs.get("many") and args:
            plan, fields = values
            return _ValuesData(plan.rows(args[0], fields), self)
        return super().get_serializer(*args, **kwargs)

    def service_data(self, data, instance=None):
        """The validated data passed to the service (`instance` is None on create); override to filter it."""
        return data

    def fresh(self, instance):
        """The object to answer with after a write: read again when `reread`."""
        return self.get_queryset().get(pk=instance.pk) if self.reread else instance

    def answer(self, instance, status=status.HTTP_200_OK):
        return Response(self.get_serializer(self.fresh(instance)).data, status=status)

    def created(self, instance):
        return self.answer(instance, status=status.HTTP_201_CREATED)

    def body(self, serializer_class):
        """The validated body of an action's request (400 when invalid)."""
        body = serializer_class(data=self.request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        return body.validated_data

    def act(self, service, body_class=None, **extra):
        """A detail action: `service(object, actor=user, **body, **extra)`, answered with the object it returns."""
        instance = self.get_object()  # an unseen object is a 404 before its body is read
        data = self.body(body_class) if body_class is not None else {}
        return self.answer(service(instance, actor=self.request.user, **data, **extra))


class _CountedValues:
    # The page's `.values()` rows, counted on the list's own queryset: the joins that read a related
    # column (`workspace__name`) would stay in the paginator's COUNT(*) and make it several times slower.
    def __init__(self, values, rows):
        self.values, self.rows = values, rows
        self.count_on = rows  # what ListPaginator's capped count reads

    def count(self):
        return self.rows.count()

    def __getitem__(self, k):
        return self.values[k]

    def __iter__(self):
        return iter(self.values)

    def __len__(self):
        return len(self.values)

    def __getattr__(self, name):
        return getattr(self.values, name)


class _ValuesData:
    # What ListModelMixin reads from a serializer of the page: `.data` (a ReturnList, as DRF's).
    def __init__(self, rows, view):
        self.data = ReturnList(rows, serializer=None)
        self.view = view


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
        serializer.instance = self.fresh(self.update_service(serializer.instance, actor=self.request.user, **data))


class ServiceDestroyMixin(mixins.DestroyModelMixin):
    # DELETE: DRF's destroy, deleting through `destroy_service` (called (instance, actor=user)).
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


# The usual viewset of a module: list, read, create and update through the services. (A comment, not
# a docstring: drf-spectacular would print it as the description of every endpoint without its own.)
class TenantServiceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceCreateMixin, ServiceUpdateMixin, TenantViewSet
):
    pass


def detail_action(name, service, body_class=None, *, schema=None, url_path=None, doc=None):
    """A POST on one object that runs `service` through `TenantViewSet.act`, as a viewset attribute:

        approve = detail_action("approve", services.approve_expense, NoteSerializer, schema=moves(ExpenseSerializer))

    DRF routes an action by its function's name, so `name` is the attribute's own name; `doc` is the
    endpoint's description (the viewset's docstring when None), `schema` an extend_schema(...) for it."""

    def run(self, request, pk=None):
        return self.act(service, body_class)

    run.__name__ = run.__qualname__ = name
    run.__doc__ = doc
    run = action(detail=True, methods=["post"], url_path=url_path)(run)
    return schema(run) if schema is not None else run


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
