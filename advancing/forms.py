"""Forms of the advancing pages: they parse and validate input; the services decide the rules."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragonfly.core.forms import narrow_choices
from events.models import Event
from productions.models import Production

from .models import CatalogItem, Procurement

MAX_LINES = 200
# The show days offered: from a while back (a late advance for last week's show) onwards.
EVENT_CHOICES_SINCE = datetime.timedelta(days=60)
QUANTITY = dict(max_digits=10, decimal_places=2)
MONEY = dict(max_digits=12, decimal_places=2)


def plain(amount):
    """2.00 → "2", 2.50 → "2.5", 100 → "100": a quantity as a person types it."""
    return format(amount.normalize(), "f") if amount is not None else None


def _numeric(field):
    field.widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0"})
    return field


class AdvanceForm(forms.Form):
    """The advance's header. Productions are narrowed to the ones the user may see in the workspace."""

    production = forms.ModelChoiceField(
        queryset=Production.objects.none(), required=False, label=_("Production"), empty_label=_("— No production —")
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        label=_("Show day"),
        empty_label=_("— The whole production —"),
        help_text=_("The event this advance is for: its lines appear on that day's day sheet."),
    )
    team_workspace = forms.CharField(label=_("Team / workspace"), max_length=200, required=False)
    activation_name = forms.CharField(label=_("Activation name"), max_length=200, required=False)

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["production"].queryset = (
            Production.objects.visible_to(user).in_workspace(workspace).order_by("start_date", "name")
        )
        current = self.initial.get("event")
        recent = Q(starts_at__gte=timezone.now() - EVENT_CHOICES_SINCE) | Q(pk=current)
        self.fields["event"].queryset = (
            Event.objects.visible_to(user).in_workspace(workspace).active().filter(recent).order_by("starts_at", "id")
        )
        self.fields["team_workspace"].widget.attrs["placeholder"] = _("e.g. Main stage crew")
        self.fields["activation_name"].widget.attrs["placeholder"] = _("e.g. Opening night")
        narrow_choices(self, user=user, workspace=workspace)


class LineForm(forms.Form):
    """One line: a catalog item (hidden id) or a custom line, with quantity, unit, unit cost, notes."""

    catalog_item = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    catalog_code = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20)
    name = forms.CharField(label=_("Item"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, initial="Per Unit")  # a catalog unit: data, not translated
    quantity = forms.DecimalField(
        label=_("Quantity"), **QUANTITY, initial=Decimal("1"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_cost = forms.DecimalField(
        label=_("Unit cost"), **MONEY, initial=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    # Buy/hire lines become draft purchase orders when the advance is approved (finance).
    procurement = forms.ChoiceField(label=_("Source"), choices=Procurement.choices, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _numeric(self.fields["quantity"])
        _numeric(self.fields["unit_cost"])
        self.fields["quantity"].widget.attrs["data-line-quantity"] = ""
        self.fields["unit_cost"].widget.attrs["data-line-cost"] = ""
        self.fields["notes"].widget.attrs["placeholder"] = _("Notes (optional)")


class BaseLineFormSet(forms.BaseFormSet):
    """Resolves catalog ids in one query; an unknown or disabled catalog item is a line error."""

    def __init__(self, *args, allowed_catalog_ids=(), **kwargs):
        # Items already on the draft stay allowed even if the catalog disabled them since.
        self.allowed_catalog_ids = set(allowed_catalog_ids)
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        live = [
            f
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not (self.can_delete and self._should_delete_form(f))
        ]
        wanted = {f.cleaned_data["catalog_item"] for f in live if f.cleaned_data.get("catalog_item")}
        found = CatalogItem.objects.in_bulk(wanted) if wanted else {}
        self.items = []
        for form in live:
            data = form.cleaned_data
            catalog_item = None
            if data.get("catalog_item"):
                catalog_item = found.get(data["catalog_item"])
                if catalog_item is None or not (catalog_item.enabled or catalog_item.pk in self.allowed_catalog_ids):
                    form.add_error(None, _("This catalog item is not available. Remove the line or pick another."))
                    continue
            if form.errors:
                continue
            self.items.append(
                {
                    "catalog_item": catalog_item,
                    "name": data["name"],
                    "description": "",
                    "quantity": data["quantity"],
                    "unit": data["unit"],
                    "unit_cost": data["unit_cost"],
                    "notes": data.get("notes", ""),
                    "procurement": data.get("procurement", ""),
                }
            )
        if any(f.errors for f in live) or any(self.errors):
            raise forms.ValidationError(_("Some lines need attention: see the messages on each line."))


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_LINES,
    validate_max=True,
    absolute_max=MAX_LINES,
)


def line_initial(advance):
    """Initial data of the line formset from an advance's items."""
    return [
        {
            "catalog_item": item.catalog_item_id,
            "catalog_code": item.catalog_item.item_id if item.catalog_item_id else "",
            "name": item.name,
            "unit": item.unit,
            "quantity": item.quantity,
            "unit_cost": item.unit_cost,
            "notes": item.notes,
            "procurement": item.procurement,
        }
        for item in advance.items.all()
    ]


class ApproveForm(forms.Form):
    """Approve with an optional note and approved cost, and an approved quantity per line."""

    note = forms.CharField(
        label=_("Note to the crew"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    approved_cost = forms.DecimalField(
        label=_("Approved cost"),
        required=False,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Leave empty to approve the estimated cost of the approved quantities."),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        _numeric(self.fields["approved_cost"])
        self.fields["approved_cost"].widget.attrs["placeholder"] = _("As the approved lines add up")
        self.items = list(items)
        for item in self.items:
            # Left empty = approved as requested (the service's default).
            field = forms.DecimalField(
                label=item.name,
                **QUANTITY,
                initial=plain(item.quantity),
                required=False,
                min_value=Decimal("0.01"),
                max_value=item.quantity,
            )
            self.fields[self.field_name(item)] = _numeric(field)

    @staticmethod
    def field_name(item):
        return f"qty_{item.pk}"

    def quantity_fields(self):
        return [(item, self[self.field_name(item)]) for item in self.items]

    def approved_quantities(self):
        quantities = {item.pk: self.cleaned_data.get(self.field_name(item)) for item in self.items}
        return {pk: value for pk, value in quantities.items() if value is not None}


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why is it rejected?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why it is rejected: the crew reads this note.")},
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the comment first.")},
    )


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)


class FulfilForm(forms.Form):
    """Quantity fulfilled so far on one line (a running total), the actual cost if known, a note."""

    quantity_fulfilled = forms.DecimalField(
        label=_("Fulfilled so far"), **QUANTITY, validators=[MinValueValidator(Decimal("0"))]
    )
    actual_cost = forms.DecimalField(
        label=_("Actual cost"),
        required=False,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000)
    # The line's version these figures were read at; the template writes the line's current one, so the
    # form shown again after a refusal records on the figures it now shows.
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, item, **kwargs):
        kwargs.setdefault("prefix", f"line-{item.pk}")
        # The actual cost is not prefilled: left empty, the service prices the new total at the unit cost.
        kwargs.setdefault("initial", {"quantity_fulfilled": plain(item.quantity_fulfilled)})
        super().__init__(*args, **kwargs)
        self.item = item
        _numeric(self.fields["quantity_fulfilled"])
        _numeric(self.fields["actual_cost"])
        self.fields["notes"].widget.attrs["placeholder"] = _("What arrived, where, who signed")
        self.fields["actual_cost"].widget.attrs["placeholder"] = _("Optional")


class BulkDecisionForm(forms.Form):
    DECISIONS = [("approve", _("Approve")), ("reject", _("Reject"))]

    ids = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), required=True, error_messages={"required": _("Select at least one advance.")}
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the service decides which of them this user may decide.
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit() and len(str(v)) < 12]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why they are rejected: the crew reads this note."))
        return data
