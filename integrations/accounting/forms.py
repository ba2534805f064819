from django import forms
from django.utils.translation import gettext_lazy as _

from .exports import DOCUMENTS, FORMATS


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    document = forms.ChoiceField(label=_("Documents"), choices=DOCUMENTS)
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


class MappingForm(forms.Form):
    """One category's account; the category itself is fixed (hidden), an empty code means the default."""

    category = forms.CharField(widget=forms.HiddenInput, max_length=40)
    account_code = forms.CharField(label=_("Account code"), max_length=30, required=False)
    tax_type = forms.CharField(label=_("Tax type"), max_length=60, required=False)


MappingFormSet = forms.formset_factory(MappingForm, extra=0, max_num=200, validate_max=True)
