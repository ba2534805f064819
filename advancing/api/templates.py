"""The API of advance templates and roll-overs, on the same services as the pages (templating.py,
rollover.py). Templates and roll-overs are read through `visible_to`, so another organization's id is
a 404; a role without the permission gets 403; a broken rule 400 with the reason."""

from django.db.models import Count
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from dragonfly.core.api import error_responses
from dragonfly.core.filters import FilterBackend
from dragonfly.core.pagination import Pagination
from dragonfly.core.serializers import VersionField
from dragonfly.core.viewsets import TenantViewSet
from dragonfly.tenancy.models import Organization, Workspace

from .. import rollover as rollovers
from .. import templating
from ..models import Advance, AdvanceTemplate, CatalogItem, ProductionType, Rollover
from ..template_forms import TemplateFilter
from .serializers import POSITIVE, AdvanceDetailSerializer, DraftFieldsMixin, catalog_pk
from .views import fetch_advance

ERRORS = error_responses(
    {
        403: "Your role may not do this with advance templates here.",
        404: "No template (or advance) with this id is visible to you.",
    }
)


# --- shapes -----------------------------------------------------------------------------------------
class AdvanceTemplateLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="key")
    catalog_item_id = serializers.IntegerField(source="catalog_item.pk")
    item_id = serializers.CharField(source="catalog_item.item_id")
    item_name = serializers.CharField(source="name")
    unit = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    notes = serializers.CharField()
    available = serializers.BooleanField(
        help_text="False: the catalog no longer offers the item; a new advance leaves it out."
    )


class AdvanceTemplateSerializer(serializers.ModelSerializer):
    organization_id = serializers.IntegerField(read_only=True)
    workspace_id = serializers.IntegerField(read_only=True, allow_null=True, help_text="Null: every workspace.")
    line_count = serializers.IntegerField(read_only=True)

    version = VersionField()

    class Meta:
        model = AdvanceTemplate
        fields = [
            "version",
            "id",
            "organization_id",
            "workspace_id",
            "name",
            "production_type",
            "line_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AdvanceTemplateDetailSerializer(AdvanceTemplateSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(AdvanceTemplateSerializer.Meta):
        fields = [*AdvanceTemplateSerializer.Meta.fields, "lines"]
        read_only_fields = fields

    @extend_schema_field(AdvanceTemplateLineSerializer(many=True))
    def get_lines(self, template):
        return AdvanceTemplateLineSerializer(templating.start_lines(template), many=True).data


class AdvanceTemplateLineInputSerializer(serializers.Serializer):
    catalog_item_id = serializers.CharField(help_text="Catalog item id (e.g. 42) or code (TECH-1000).")
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=POSITIVE)
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def _visible_workspace(user, pk, field):
    workspace = Workspace.objects.visible_to(user).select_related("organization").filter(pk=pk).first()
    if workspace is None:
        raise serializers.ValidationError({field: _("No workspace with this id is visible to you.")})
    return workspace


class AdvanceTemplateCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=templating.MAX_NAME)
    production_type = serializers.ChoiceField(choices=ProductionType.choices, default=ProductionType.OTHER)
    workspace_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Limit the template to this workspace; null or left out: every workspace.",
    )
    organization_id = serializers.IntegerField(
        required=False, help_text="Needed for an organization-wide template when you belong to several organizations."
    )
    lines = AdvanceTemplateLineInputSerializer(many=True, required=False, max_length=200)
    from_advance_id = serializers.IntegerField(
        required=False, help_text="Take the catalog lines of this advance instead of `lines`."
    )

    def validate(self, attrs):
        user = self.context["request"].user
        workspace = None
        if attrs.get("workspace_id") is not None:
            workspace = _visible_workspace(user, attrs["workspace_id"], "workspace_id")
        advance = None
        if attrs.get("from_advance_id") is not None:
            advance = Advance.objects.visible_to(user).filter(pk=attrs["from_advance_id"]).first()
            if advance is None:
                raise serializers.ValidationError({"from_advance_id": _("No advance with this id is visible to you.")})
        elif not attrs.get("lines"):
            raise serializers.ValidationError({"lines": _("Send the lines, or from_advance_id.")})
        organization = self._organization(user, attrs.get("organization_id"), workspace, advance)
        return {
            "organization": organization,
            "workspace": workspace,
            "name": attrs["name"],
            "production_type": attrs["production_type"],
            "lines": self._lines(attrs.get("lines") or []),
            "from_advance": advance,
        }

    def _organization(self, user, org_id, workspace, advance):
        if workspace is not None:
            return workspace.organization
        if advance is not None:
            return advance.organization
        orgs = Organization.objects.visible_to(user)
        if org_id is not None:
            orgs = orgs.filter(pk=org_id)
        found = list(orgs[:2])
        if len(found) != 1:
            raise serializers.ValidationError({"organization_id": _("Say which organization the template is for.")})
        return found[0]

    def _lines(self, lines):
        refs = {str(line["catalog_item_id"]).strip() for line in lines}
        ids = [catalog_pk(ref) for ref in refs if catalog_pk(ref) is not None]
        found = {str(c.pk): c for c in CatalogItem.objects.filter(pk__in=ids)}
        found |= {c.item_id: c for c in CatalogItem.objects.filter(item_id__in=refs)}
        errors, clean = [], []
        for line in lines:
            item = found.get(str(line["catalog_item_id"]).strip())
            errors.append(
                {} if item is not None and item.enabled else {"catalog_item_id": [_("No such item in the catalog.")]}
            )
            clean.append({"catalog_item": item, "quantity": line["quantity"], "notes": line["notes"]})
        if any(errors):
            raise serializers.ValidationError({"lines": errors})
        return clean


class AdvanceTemplateUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=templating.MAX_NAME, required=False)
    production_type = serializers.ChoiceField(choices=ProductionType.choices, required=False)


class StartAdvanceLineSerializer(serializers.Serializer):
    line_id = serializers.IntegerField(help_text="The template line's or the earlier advance's line's id.")
    quantity = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, help_text="0 leaves the line out."
    )


class StartAdvanceSerializer(DraftFieldsMixin, serializers.Serializer):
    workspace_id = serializers.IntegerField(
        required=False, help_text="Defaults to the template's workspace, or the earlier advance's."
    )
    project_id = serializers.IntegerField(required=False, allow_null=True)
    team_workspace = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    activation_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    lines = StartAdvanceLineSerializer(
        many=True, required=False, help_text="Quantities to change; others as in the source."
    )

    def validate(self, attrs):
        user = self._user()
        workspace = None
        if attrs.get("workspace_id") is not None:
            workspace = _visible_workspace(user, attrs["workspace_id"], "workspace_id")
        return {
            "workspace": workspace,
            "production": self.resolve_production(attrs.get("project_id")),
            "team_workspace": attrs["team_workspace"],
            "activation_name": attrs["activation_name"],
            "quantities": {line["line_id"]: line["quantity"] for line in attrs.get("lines", [])},
        }


class StartedAdvanceSerializer(serializers.Serializer):
    advance = AdvanceDetailSerializer()
    dropped = serializers.ListField(
        child=serializers.CharField(), help_text="Lines left out: no longer in the catalog."
    )


class RolloverSerializer(serializers.ModelSerializer):
    source_workspace_id = serializers.IntegerField(read_only=True)
    target_workspace_id = serializers.IntegerField(source="workspace_id", read_only=True)
    skipped = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text="{advance, label, reason} each."
    )
    notes = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text="{advance, label, note}: a copy's changes."
    )

    class Meta:
        model = Rollover
        fields = [
            "id",
            "source_workspace_id",
            "target_workspace_id",
            "shift_days",
            "status",
            "copied",
            "skipped",
            "notes",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class RolloverCreateSerializer(serializers.Serializer):
    source_workspace_id = serializers.IntegerField()
    target_workspace_id = serializers.IntegerField()
    shift_days = serializers.IntegerField(
        required=False, default=0, min_value=-rollovers.MAX_SHIFT_DAYS, max_value=rollovers.MAX_SHIFT_DAYS
    )

    def validate(self, attrs):
        user = self.context["request"].user
        return {
            "source": _visible_workspace(user, attrs["source_workspace_id"], "source_workspace_id"),
            "target": _visible_workspace(user, attrs["target_workspace_id"], "target_workspace_id"),
            "shift_days": attrs["shift_days"],
        }


# --- views --------------------------------------------------------------------------------------------
def _start_answer(request, started):
    advance = fetch_advance(request.user, started.advance.pk)  # read as the advance API reads it (item_count)
    body = {"advance": AdvanceDetailSerializer(advance, context={"request": request}).data, "dropped": started.dropped}
    return Response(body, status=status.HTTP_201_CREATED)


def _fetch_for_start(model, user, pk):
    row = (
        templating.with_lines(model.objects.visible_to(user).select_related("organization", "workspace"))
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise NotFound(_("No template or advance with this id is visible to you."))
    return row


def _start(request, source, body):
    workspace = body["workspace"] or getattr(source, "workspace", None)
    if workspace is None:  # an organization-wide template: the one workspace the user may start it in
        from ..template_forms import workspaces_for_new_advances

        open_ = workspaces_for_new_advances(request.user, source.organization)
        if len(open_) != 1:
            raise serializers.ValidationError({"workspace_id": _("Say which workspace the advance is for.")})
        workspace = open_[0]
    started = templating.start_advance(
        source,
        actor=request.user,
        workspace=workspace,
        quantities=body["quantities"],
        production=body["production"],
        team_workspace=body["team_workspace"],
        activation_name=body["activation_name"],
    )
    return _start_answer(request, started)


@extend_schema_view(
    list=extend_schema(responses={200: AdvanceTemplateSerializer(many=True)}),
    retrieve=extend_schema(responses={200: AdvanceTemplateDetailSerializer, 404: ERRORS[404]}),
)
class AdvanceTemplateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Advance templates the user may see (who may create advances where a template applies, and who
    keeps templates); keeping them needs add/change/delete_advancetemplate."""

    model = AdvanceTemplate
    serializer_class = AdvanceTemplateSerializer
    filter_backends = [FilterBackend]
    filterset_class = TemplateFilter
    pagination_class = Pagination
    values_lists = False

    def visible(self, user):
        rows = AdvanceTemplate.objects.visible_to(user).select_related("organization", "workspace")
        if self.action == "list":
            return rows.annotate(line_count=Count("lines")).order_by("name", "id")
        return templating.with_lines(rows).order_by("name", "id")

    def get_serializer_class(self):
        return AdvanceTemplateDetailSerializer if self.action != "list" else AdvanceTemplateSerializer

    def _answer(self, template, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=template.pk)
        fresh.line_count = len(fresh.lines.all())
        return Response(AdvanceTemplateDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def retrieve(self, request, pk=None):
        """One template with its lines."""
        template = self.get_object()
        return self._answer(template)

    @extend_schema(request=AdvanceTemplateCreateSerializer, responses={201: AdvanceTemplateDetailSerializer, **ERRORS})
    def create(self, request):
        """Save a template: its catalog lines, or those of an advance you can see (from_advance_id)."""
        template = templating.save_template(actor=request.user, **self.body(AdvanceTemplateCreateSerializer))
        return self._answer(template, status.HTTP_201_CREATED)

    @extend_schema(request=AdvanceTemplateUpdateSerializer, responses={200: AdvanceTemplateDetailSerializer, **ERRORS})
    def partial_update(self, request, pk=None):
        """Rename a template or change its production type."""
        template = self.get_object()
        return self._answer(
            templating.update_template(template, actor=request.user, **self.body(AdvanceTemplateUpdateSerializer))
        )

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def destroy(self, request, pk=None):
        """Delete a template (advances started from it stay as they are)."""
        templating.delete_template(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=StartAdvanceSerializer, responses={201: StartedAdvanceSerializer, **ERRORS})
    def start(self, request, pk=None):
        """Start a draft advance from the template (quantities adjustable; 0 leaves a line out)."""
        template = _fetch_for_start(AdvanceTemplate, request.user, pk)
        return _start(request, template, self.body(StartAdvanceSerializer))


class RepeatAdvanceViewSet(TenantViewSet):
    """A new draft with the lines of an earlier advance you can see."""

    model = Advance
    serializer_class = StartAdvanceSerializer

    @extend_schema(request=StartAdvanceSerializer, responses={201: StartedAdvanceSerializer, **ERRORS})
    def repeat(self, request, pk=None):
        """A new draft with the lines of an earlier advance ("same as last Tuesday in Hamburg")."""
        advance = _fetch_for_start(Advance, request.user, pk)
        return _start(request, advance, self.body(StartAdvanceSerializer))


class RolloverViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, TenantViewSet):
    """Your roll-overs: a workspace's advances copied into another workspace of the organization as drafts
    (a Celery task: poll the status, or wait for the notification)."""

    model = Rollover
    serializer_class = RolloverSerializer
    pagination_class = Pagination
    ordering = ("-created_at", "-id")

    @extend_schema(request=RolloverCreateSerializer, responses={202: RolloverSerializer, **ERRORS})
    def create(self, request):
        """Start a roll-over; it runs after the request (status queued → running → done)."""
        body = self.body(RolloverCreateSerializer)
        rollover = rollovers.request_rollover(
            body["source"], actor=request.user, target_workspace=body["target"], shift_days=body["shift_days"]
        )
        rollover.refresh_from_db()
        return Response(RolloverSerializer(rollover).data, status=status.HTTP_202_ACCEPTED)
