"""The automations API: the catalogs (read-only), the rules an organization admin builds, a dry run,
and the usage log. The same services and visibility as the pages: another organization's rule is a
404, a member who administers no organization gets 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from dragonfly.core.api import error_responses
from dragonfly.core.viewsets import ServiceModelViewSet, TenantViewSet
from dragonfly.tenancy.access import administers_any, is_org_admin

from .. import services
from ..filters import UsageLogFilter
from ..models import ActionCatalog, AutomationRule, TriggerCatalog, UsageLog
from .serializers import (
    AutomationActionSerializer,
    AutomationRuleSerializer,
    AutomationRuleUpdateSerializer,
    AutomationRunSerializer,
    AutomationTriggerSerializer,
    RuleTestRequestSerializer,
    RuleTestResultSerializer,
)

ERRORS = error_responses()


class AdministersAnOrganization(permissions.BasePermission):
    """Lists and creation: admins of some organization. One object: `AdminObjectMixin.get_object`
    answers 404 for another organization's, 403 for their own organization's when not its admin."""

    message = _("Only organization admins (Phantom or Legend) may manage automations.")

    def has_permission(self, request, view):
        if getattr(view, "detail", False):
            return bool(request.user and request.user.is_authenticated)
        return bool(request.user and request.user.is_authenticated and administers_any(request.user))


class AdminObjectMixin:
    def get_object(self):
        lookup = self.kwargs.get("pk")
        qs = self.model.objects.of_member(self.request.user)
        if self.related:
            qs = qs.select_related(*self.related)
        obj = get_object_or_404(qs, pk=lookup)
        if not is_org_admin(self.request.user, obj.organization_id):
            raise PermissionDenied(AdministersAnOrganization.message)
        return self.checked(obj)  # an update checks the version the client read (TenantViewSet)


class TriggerCatalogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The triggers a rule may listen to (global, read-only)."""

    queryset = TriggerCatalog.objects.order_by("module", "key")
    serializer_class = AutomationTriggerSerializer
    lookup_field = "key"
    lookup_value_converter = "str"


class ActionCatalogViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The actions a rule may run (global, read-only)."""

    queryset = ActionCatalog.objects.order_by("key")
    serializer_class = AutomationActionSerializer
    lookup_field = "key"
    lookup_value_converter = "str"


class RuleViewSet(AdminObjectMixin, ServiceModelViewSet):
    """Automation rules of the organizations the user administers."""

    model = AutomationRule
    ordering = ("name", "id")
    related = ("trigger",)
    permission_classes = [permissions.IsAuthenticated, AdministersAnOrganization]
    parent_field = "organization"

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return AutomationRuleUpdateSerializer
        if self.action == "test":
            return RuleTestRequestSerializer
        return AutomationRuleSerializer

    @staticmethod
    def create_service(*, actor, **data):
        return services.create_rule(actor=actor, **data)

    @staticmethod
    def update_service(rule, *, actor, **data):
        return services.update_rule(rule, actor=actor, **data)

    destroy_service = staticmethod(services.delete_rule)

    def service_data(self, data, instance=None):
        for name in ("conditions", "actions"):
            if name in data:
                data[name] = [dict(item) for item in data[name]]
        return data

    @extend_schema(request=RuleTestRequestSerializer, responses={200: RuleTestResultSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """A dry run of the rule on one object of its trigger's type: nothing is sent or changed."""
        rule = self.get_object()
        body = self.body(RuleTestRequestSerializer)
        model = services.trigger_model(rule.trigger)
        if model is None or not hasattr(model.objects, "visible_to"):
            raise Http404
        obj = model.objects.visible_to(request.user).filter(pk=_pk(model, body["object_id"])).first()
        if obj is None:
            raise Http404
        result = services.test_run(rule, actor=request.user, obj=obj, data=body.get("data") or {})
        return Response(RuleTestResultSerializer(result).data)


def _pk(model, raw):
    try:
        return model._meta.pk.to_python(raw)
    except Exception as exc:
        raise Http404 from exc


class UsageLogViewSet(AdminObjectMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """The automation usage log: one row per rule run (filter by rule, result, trigger_key, since, until)."""

    model = UsageLog
    ordering = ("-created_at", "-id")
    serializer_class = AutomationRunSerializer
    filterset_class = UsageLogFilter
    permission_classes = [permissions.IsAuthenticated, AdministersAnOrganization]
