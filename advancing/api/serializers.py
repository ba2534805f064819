"""The API's shapes: field names follow the platform spec (item_name, project_id, …)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework import serializers

from dragonfly.core.serializers import TextField, VersionField
from dragonfly.tenancy.access import display_name
from dragonfly.tenancy.models import Workspace
from events.models import Event
from productions.models import Production

from ..catalog import COLUMNS as CATALOG_COLUMNS
from ..models import Advance, AdvanceItem, CatalogItem, Procurement, priority_for
from ..services import CENT, MAX_ITEMS

POSITIVE = Decimal("0.01")
EVENT_HELP = (
    "The show day (event id) the advance is for: an event of its workspace and production. Null: the whole production."
)


# --- read shapes ------------------------------------------------------------------------------
class SuggestionSerializer(serializers.Serializer):
    """One suggested catalog item and why: `history` (this workspace's advances often pair it) or
    `catalog` (a related accessory the catalog names)."""

    id = serializers.IntegerField(source="item.pk")
    item_id = serializers.CharField(source="item.item_id")
    item_name = serializers.CharField(source="item.name")
    category = serializers.CharField(source="item.category")
    standard_unit = serializers.CharField(source="item.standard_unit")
    source = serializers.ChoiceField(choices=["history", "catalog"])
    reason = serializers.CharField()


class CatalogItemSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="name", read_only=True)
    common_variations = serializers.ListField(child=serializers.CharField(), read_only=True)
    related_accessories = serializers.ListField(child=serializers.CharField(), read_only=True)
    metadata = serializers.DictField(read_only=True)

    class Meta:
        model = CatalogItem
        fields = [
            "id",
            *CATALOG_COLUMNS,  # the catalog CSV's columns, under the same names
            "metadata",
            "enabled",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AdvanceItemSerializer(serializers.ModelSerializer):
    advance_id = serializers.IntegerField(read_only=True)
    catalog_item_id = serializers.IntegerField(read_only=True, allow_null=True)
    item_name = serializers.CharField(source="name", read_only=True)
    fulfillment_status = serializers.CharField(source="fulfilment_status", read_only=True)
    metadata = serializers.DictField(read_only=True)
    # Approved quantity × unit cost (AdvanceItem.approved_cost), null until approved; total_cost is the requested.
    approved_cost = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = AdvanceItem
        fields = [
            "id",
            "advance_id",
            "catalog_item_id",
            "item_name",
            "description",
            "quantity",
            "approved_quantity",
            "unit",
            "unit_cost",
            "total_cost",
            "approved_cost",
            "quantity_fulfilled",
            "fulfillment_status",
            "actual_cost",
            "notes",
            "procurement",
            "metadata",
            "position",
            "created_at",
            "version",  # what a fulfilment names as `line_version`
        ]
        read_only_fields = fields


def _submitter_name(row) -> str:
    """display_name() of the submitter, from a `.values()` row (as User.get_full_name builds it)."""
    if row["submitter__username"] is None:
        return display_name(None)
    full = f"{row['submitter__first_name']} {row['submitter__last_name']}".strip()
    return full or row["submitter__username"]


class AdvanceSerializer(serializers.ModelSerializer):
    """One advance in a list (no lines: `item_count` says how many)."""

    organization_id = serializers.IntegerField(read_only=True)
    workspace_id = serializers.IntegerField(read_only=True)
    workspace_name = serializers.CharField(source="workspace.name", read_only=True)
    project_id = serializers.IntegerField(source="production_id", read_only=True, allow_null=True)
    event = serializers.IntegerField(source="event_id", read_only=True, allow_null=True, help_text=EVENT_HELP)
    submitter_id = serializers.IntegerField(read_only=True)
    submitter_name = serializers.SerializerMethodField()
    reviewed_by = serializers.IntegerField(source="reviewed_by_id", read_only=True, allow_null=True)
    fulfilled_by = serializers.IntegerField(source="fulfilled_by_id", read_only=True, allow_null=True)
    priority = serializers.CharField(read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    metadata = serializers.DictField(read_only=True)

    version = VersionField()

    class Meta:
        model = Advance
        fields = [
            "id",
            "version",
            "organization_id",
            "workspace_id",
            "workspace_name",
            "project_id",
            "event",
            "team_workspace",
            "activation_name",
            "submitter_id",
            "submitter_name",
            "submitted_at",
            "status",
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
            "priority",
            "item_count",
            "metadata",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_submitter_name(self, advance) -> str:
        return display_name(advance.submitter)

    # The list's `.values()` rows (dragonfly.core.values_lists) compute these two from columns.
    values_computed = {
        "submitter_name": (("submitter__first_name", "submitter__last_name", "submitter__username"), _submitter_name),
        "priority": (("estimated_cost",), lambda row: priority_for(row["estimated_cost"])),
    }


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    verb = serializers.CharField()
    trigger = serializers.CharField()
    actor_id = serializers.IntegerField(allow_null=True)
    actor_name = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    data = serializers.DictField()
    created_at = serializers.DateTimeField()

    def get_actor_name(self, entry) -> str:
        if entry.actor is None:
            return ""
        return display_name(entry.actor)


class AdvanceDetailSerializer(AdvanceSerializer):
    """One advance with its lines, its history and what the caller may do to it now."""

    items = AdvanceItemSerializer(many=True, read_only=True)
    history = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(AdvanceSerializer.Meta):
        fields = [*AdvanceSerializer.Meta.fields, "items", "history", "actions"]
        read_only_fields = fields

    def get_history(self, advance) -> list[dict]:
        from ..selectors import advance_history

        return HistoryEntrySerializer(advance_history(advance), many=True).data

    def get_actions(self, advance) -> list[str]:
        from ..selectors import actions_for

        return actions_for(self.context["request"].user, advance)


# --- write shapes -----------------------------------------------------------------------------
class ItemInputSerializer(serializers.Serializer):
    catalog_item_id = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="Catalog item id (e.g. 42) or code (TECH-1000)."
    )
    item_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = TextField(required=False, allow_blank=True, default="")
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=POSITIVE)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=40)
    unit_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False, default=Decimal("0")
    )
    notes = TextField(required=False, allow_blank=True, default="")
    procurement = serializers.ChoiceField(
        choices=Procurement.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="buy / hire: finance drafts a purchase order for the line when the advance is approved.",
    )

    def validate(self, attrs):
        if not attrs.get("catalog_item_id"):
            errors = {}
            for field in ("item_name", "unit"):
                if not (attrs.get(field) or "").strip():
                    errors[field] = _("Required for a line that is not from the catalog.")
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


MAX_PK = 2**63 - 1


def catalog_pk(ref):
    """The catalog row number in `ref` ("42"), or None: "²" and "٣" are digits to str.isdigit() but no
    number of ours, and 20 nines overflow the column."""
    if not (ref.isascii() and ref.isdecimal()):
        return None
    number = int(ref)
    return number if 0 < number <= MAX_PK else None


class DraftFieldsMixin:
    """Turns body fields into the services' arguments: ids are looked up within what the user sees."""

    def _user(self):
        return self.context["request"].user

    def resolve_production(self, project_id):
        if project_id is None:
            return None
        production = Production.objects.visible_to(self._user()).filter(pk=project_id).first()
        if production is None:
            raise serializers.ValidationError({"project_id": _("No production with this id is visible to you.")})
        return production

    def resolve_event(self, event_id):
        if event_id is None:
            return None
        event = Event.objects.visible_to(self._user()).filter(pk=event_id).first()
        if event is None:
            raise serializers.ValidationError({"event": _("No event with this id is visible to you.")})
        return event

    def resolve_lines(self, items):
        refs = {str(i["catalog_item_id"]).strip() for i in items if i.get("catalog_item_id")}
        ids = {r for r in refs if catalog_pk(r) is not None}
        codes = refs - ids
        found = (
            CatalogItem.objects.filter(Q(pk__in=[catalog_pk(r) for r in ids]) | Q(item_id__in=codes)) if refs else []
        )
        catalog = {str(c.pk): c for c in found} | {c.item_id: c for c in found}
        errors, lines = [], []
        for item in items:
            ref = str(item.get("catalog_item_id") or "").strip()
            entry = catalog.get(ref) if ref else None
            problem = ref and (entry is None or not entry.enabled)
            errors.append({"catalog_item_id": [_("No such item in the catalog.")]} if problem else {})
            lines.append(
                {
                    "catalog_item": entry,
                    "name": (item.get("item_name") or "").strip(),
                    "description": item.get("description", ""),
                    "quantity": item["quantity"],
                    "unit": (item.get("unit") or "").strip(),
                    "unit_cost": item.get("unit_cost") or Decimal("0"),
                    "notes": item.get("notes", ""),
                    "procurement": item.get("procurement", ""),
                }
            )
        if any(errors):
            raise serializers.ValidationError({"items": errors})
        return lines


class AdvanceCreateSerializer(DraftFieldsMixin, serializers.Serializer):
    workspace_id = serializers.IntegerField(
        required=False, help_text="Needed unless the user may add advances in exactly one workspace."
    )
    project_id = serializers.IntegerField(required=False, allow_null=True)
    event = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1, help_text=EVENT_HELP
    )
    team_workspace = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    # The spec's body names the activation and lists the items (possibly none yet): an empty
    # body is a mistake, not a request for a nameless draft.
    activation_name = serializers.CharField(max_length=200)
    items = ItemInputSerializer(many=True, max_length=MAX_ITEMS, allow_empty=True)
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False, help_text="Defaults to the organization's.")
    estimated_cost = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="Optional check: the server computes the total and refuses a different figure.",
    )

    def validate(self, attrs):
        production = self.resolve_production(attrs.get("project_id"))
        workspace = self._workspace(attrs.get("workspace_id"), production)
        lines = self.resolve_lines(attrs.get("items", []))
        self._check_estimate(attrs.get("estimated_cost"), lines)
        return {
            "workspace": workspace,
            "production": production,
            "event": self.resolve_event(attrs.get("event")),
            "team_workspace": attrs["team_workspace"],
            "activation_name": attrs["activation_name"],
            "items": lines,
            "currency": attrs.get("currency"),
        }

    def _workspace(self, workspace_id, production):
        user = self._user()
        visible = Workspace.objects.visible_to(user).select_related("organization")
        if workspace_id is not None:
            workspace = visible.filter(pk=workspace_id).first()
            if workspace is None:
                raise serializers.ValidationError({"workspace_id": _("No workspace with this id is visible to you.")})
            return workspace
        if production is not None:
            return production.workspace
        open_to_user = [ws for ws in visible.filter(archived=False) if user.has_perm("advancing.add_advance", ws)]
        if len(open_to_user) != 1:
            raise serializers.ValidationError({"workspace_id": _("Say which workspace the advance is for.")})
        return open_to_user[0]

    def _check_estimate(self, estimate, lines):
        if estimate is None:
            return
        total = sum(((line["quantity"] * line["unit_cost"]).quantize(CENT) for line in lines), Decimal("0"))
        if estimate != total:
            raise serializers.ValidationError(
                {
                    "estimated_cost": _(
                        "The lines add up to %(total)s; leave estimated_cost out and the server computes it."
                    )
                    % {"total": total}
                }
            )


class DraftAction(models.TextChoices):
    SUBMIT = "submit", "Submit"
    CANCEL = "cancel", "Cancel"


class AdvanceUpdateSerializer(DraftFieldsMixin, serializers.Serializer):
    """Either an action ("submit", "cancel") or changes to a draft, not both."""

    EDIT_FIELDS = ("project_id", "event", "team_workspace", "activation_name", "items")

    action = serializers.ChoiceField(choices=DraftAction.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Why, when cancelling.")
    project_id = serializers.IntegerField(required=False, allow_null=True)
    event = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1, help_text=EVENT_HELP
    )
    team_workspace = serializers.CharField(required=False, allow_blank=True, max_length=200)
    activation_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    items = ItemInputSerializer(many=True, required=False, max_length=MAX_ITEMS)
    version = VersionField()

    def validate(self, attrs):
        edits = [f for f in self.EDIT_FIELDS if f in attrs]
        if attrs.get("action") and edits:
            raise serializers.ValidationError({"action": _("Send either an action or draft changes, not both.")})
        if not attrs.get("action") and not edits:
            raise serializers.ValidationError({"action": _("Send an action (submit, cancel) or the fields to change.")})
        if attrs.get("action"):
            return {"action": attrs["action"], "note": attrs["note"]}
        changes = {f: attrs[f] for f in ("team_workspace", "activation_name") if f in attrs}
        if "project_id" in attrs:
            changes["production"] = self.resolve_production(attrs["project_id"])
        if "event" in attrs:
            changes["event"] = self.resolve_event(attrs["event"])
        if "items" in attrs:
            changes["items"] = self.resolve_lines(attrs["items"])
        return {"action": None, "changes": changes}


class FulfilSerializer(serializers.Serializer):
    item_id = serializers.IntegerField()
    quantity_fulfilled = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0"), help_text="The line's new running total."
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    actual_cost = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True
    )
    line_version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="The line's `version` the figures were read at: when someone else changed the line since, "
        "the call is refused (409, with who changed it) instead of overwriting their total.",
    )


class ApprovedLineSerializer(serializers.Serializer):
    item_id = serializers.IntegerField()
    approved_quantity = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=POSITIVE)


class ApproveSerializer(serializers.Serializer):
    reviewer_notes = serializers.CharField(required=False, allow_blank=True, default="")
    approved_cost = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0"), required=False, allow_null=True
    )
    items = ApprovedLineSerializer(
        many=True, required=False, help_text="Lines approved at less than requested; others as requested."
    )

    def validate_items(self, items):
        ids = [line["item_id"] for line in items]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Each item_id may appear once."))
        return items

    @staticmethod
    def service_data(data):
        """The validated body under approve_advance's names."""
        quantities = {line["item_id"]: line["approved_quantity"] for line in data.get("items", [])}
        return {
            "note": data["reviewer_notes"],
            "approved_cost": data.get("approved_cost"),
            "approved_quantities": quantities,
        }


class RejectSerializer(serializers.Serializer):
    reviewer_notes = serializers.CharField(help_text="Required: why the advance is rejected.")
