"""Forms of the assets pages. Choice fields are narrowed to what the user may see in the workspace."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dragonfly.core.csv_import import decode_csv_upload
from dragonfly.core.forms import narrow_choices
from dragonfly.core.picker import PickerMultipleField
from dragonfly.tenancy.access import people_visible_to
from events.models import Event
from locations.models import Zone
from productions.models import Production

from .importing import MODES
from .links import catalog_entries
from .models import (
    MANUAL_STATUSES,
    OUT_OF_SERVICE,
    Asset,
    AssetStatus,
    Kit,
    MaintenanceKind,
    MaintenanceStatus,
    normalize_tag,
)
from .privacy import can_see_value
from .selectors import EQUIPMENT_CATEGORIES

DATE = forms.DateInput(attrs={"type": "date"})


class CatalogChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.item_id} {obj.name}"


class AssetForm(forms.ModelForm):
    catalog_item = CatalogChoiceField(
        queryset=Asset.objects.none(),  # set in __init__ (catalog_entries)
        required=False,
        label=_("Advancing catalog entry"),
        help_text=_("Lets reviewers of Equipment advance lines see how many of these are free."),
    )

    class Meta:
        model = Asset
        fields = [*Asset.DESCRIPTION, "catalog_item", "zone", "notes"]
        widgets = {"purchase_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        # The model's fields carry no verbose names (adding them would only churn migrations): label here.
        labels = {
            "tag": pgettext_lazy("asset tag", "Tag"),
            "name": _("Name"),
            "category": _("Category"),
            "make": _("Make"),
            "model_name": _("Model"),
            "serial_number": _("Serial number"),
            "status": _("Status"),
            "home_location": _("Home location"),
            "purchase_date": _("Purchase date"),
            "purchase_value": _("Purchase value"),
            "currency": _("Currency"),
            "catalog_item": _("Advancing catalog entry"),
            "zone": _("Zone"),
            "notes": _("Notes"),
        }

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace
        self.instance.organization_id = workspace.organization_id
        if not can_see_value(user, self.instance if self.instance.pk else workspace):
            self.fields.pop("purchase_value")  # not shown, so not overwritten either
        self.fields["catalog_item"].queryset = catalog_entries().filter(category__in=EQUIPMENT_CATEGORIES)
        self.fields["zone"].queryset = Zone.objects.choices_for(user, workspace)
        allowed = set(MANUAL_STATUSES) | ({self.instance.status} if self.instance.pk else set())
        self.fields["status"].choices = [(v, label) for v, label in AssetStatus.choices if v in allowed]
        if not self.instance.pk:
            self.initial.setdefault("currency", workspace.organization.currency)
        categories = Asset.objects.filter(workspace=workspace).values_list("category", flat=True).distinct()
        self.category_options = sorted(set(categories))[:200]
        self.fields["category"].widget.attrs["list"] = "asset-categories"
        narrow_choices(self, user=user, workspace=workspace)

    def clean_tag(self):
        return normalize_tag(self.cleaned_data["tag"])

    def clean_currency(self):
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if len(value) != 3 or not value.isalpha():
            raise forms.ValidationError(_("Use a three-letter code such as USD or EUR."))
        return value


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG, GIF or WebP."))


def search_assets(queryset, text):
    return queryset.search(text).order_by("tag")


def kit_asset_choices(user, workspace):
    """The assets a kit may hold: the workspace's in-service assets the user sees (the picker's matches too)."""
    return Asset.objects.visible_to(user).in_workspace(workspace).exclude(status__in=OUT_OF_SERVICE).order_by("tag")


class KitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        # A workspace holds thousands of assets: the page names only the kit's, by tag, and a
        # search-as-you-type picker (dragonfly/core/picker.py) finds the rest.
        url = reverse("assets:asset_picker", args=[workspace.organization.slug, workspace.slug])
        self.fields["assets"] = PickerMultipleField(
            label=_("Assets"),
            queryset=kit_asset_choices(user, workspace),
            required=False,
            url=url,
            key="tag",
            search=search_assets,
            help_text=_("Asset tags, separated by commas; type a tag or a name to find one."),
        )
        narrow_choices(self, user=user, workspace=workspace)


class ReserveForm(forms.Form):
    asset_tag = forms.CharField(
        max_length=40, required=False, label=_("Asset tag"), help_text=_("Type or scan the tag, or choose a kit.")
    )
    kit = forms.ModelChoiceField(label=_("Kit"), queryset=Kit.objects.none(), required=False)
    start_date = forms.DateField(widget=DATE, label=_("First day"))
    end_date = forms.DateField(widget=DATE, label=_("Last day"))
    event = forms.ModelChoiceField(label=_("Event"), queryset=Event.objects.none(), required=False)
    production = forms.ModelChoiceField(label=_("Production"), queryset=Production.objects.none(), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.workspace = user, workspace
        self.fields["event"].queryset = Event.objects.filter(
            ends_at__gte=timezone.now() - datetime.timedelta(days=30)
        ).order_by("starts_at")
        self.fields["kit"].queryset = Kit.objects.all()
        self.fields["production"].queryset = Production.objects.order_by("start_date", "name")
        narrow_choices(self, user=user, workspace=workspace)  # the workspace's rows, as the user sees them

    def clean(self):
        data = super().clean()
        tag, kit = normalize_tag(data.get("asset_tag")), data.get("kit")
        if bool(tag) == bool(kit):
            raise forms.ValidationError(_("Give an asset tag or choose a kit (one of the two)."))
        data["asset"] = None
        if tag:
            data["asset"] = Asset.objects.visible_to(self.user).in_workspace(self.workspace).filter(tag=tag).first()
            if data["asset"] is None:
                self.add_error("asset_tag", _("No asset tagged %(tag)s in this workspace.") % {"tag": tag})
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data


class ConditionForm(forms.Form):
    condition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Condition notes"),
        help_text=_("Scratches, missing parts, anything to know."),
    )


class MaintenanceRecordForm(forms.Form):
    kind = forms.ChoiceField(choices=MaintenanceKind.choices, label=_("Type"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (MaintenanceStatus.DONE, _("Done (log it)")),
            (MaintenanceStatus.OPEN, _("Open a job (takes the asset out of service)")),
        ],
    )
    performed_on = forms.DateField(widget=DATE, required=False, label=_("Date"))
    cost = forms.DecimalField(label=_("Cost"), max_digits=14, decimal_places=2, min_value=0, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CompleteMaintenanceForm(forms.Form):
    performed_on = forms.DateField(widget=DATE, required=False, label=_("Date done"))
    cost = forms.DecimalField(label=_("Cost"), max_digits=14, decimal_places=2, min_value=0, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MaintenanceScheduleForm(forms.Form):
    kind = forms.ChoiceField(choices=MaintenanceKind.choices, label=_("Type"))
    every_days = forms.IntegerField(min_value=1, max_value=3650, required=False, label=_("Every N days"))
    every_uses = forms.IntegerField(min_value=1, max_value=100000, required=False, label=_("Every N uses"))
    manager = forms.ModelChoiceField(
        label=_("Manager"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Who hears when it falls due."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = people_visible_to(user, workspace)

    def clean(self):
        data = super().clean()
        if not data.get("every_days") and not data.get("every_uses"):
            raise forms.ValidationError(_("Say how often: every N days, every N uses, or both."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "CSV with a header row: tag, name, category, make, model, "
            "serial_number, home_location, purchase_date, purchase_value, "
            "status, notes."
        ),
    )
    text = forms.CharField(widget=forms.HiddenInput, required=False)
    mode = forms.ChoiceField(choices=[(m, m) for m in MODES], required=False, widget=forms.HiddenInput)

    def csv_text(self):
        upload = self.cleaned_data.get("file")
        return decode_csv_upload(upload) if upload else self.cleaned_data.get("text") or ""


class RangeForm(forms.Form):
    start = forms.DateField(widget=DATE, required=False, label=_("From"))
    end = forms.DateField(widget=DATE, required=False, label=_("To"))
    category = forms.CharField(label=_("Category"), required=False, max_length=80)
    need = forms.IntegerField(required=False, min_value=1, max_value=100000, label=_("How many needed"))

    def values(self, default_days=7):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or timezone.localdate()
        end = data.get("end") or start + datetime.timedelta(days=default_days - 1)
        return start, end, data.get("category") or None, data.get("need")
