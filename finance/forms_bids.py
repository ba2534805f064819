"""Forms of the procurement pages: requests for quote, bids and vendor agreements. They parse input;
the services (finance/services/bids.py, agreements.py) decide the rules. Every choice is narrowed to
the workspace and to what the user may see."""

from django import forms
from django.utils.translation import gettext_lazy as _

from advancing.models import Advance
from dragonfly.core.forms import narrow_choices

from .forms import MONEY, DateInput, LineFormSet, _productions, _vendors, line_formset
from .models import Company


class RfqForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    advance = forms.ModelChoiceField(
        label=_("From an approved advance"),
        queryset=Advance.objects.none(),
        required=False,
        empty_label=_("— Free-standing: type the lines below —"),
        help_text=_("Its lines become the request's lines."),
    )
    production = forms.ModelChoiceField(
        label=_("Production"), queryset=None, required=False, empty_label=_("— No production —")
    )
    respond_by = forms.DateField(label=_("Bids due by"), widget=DateInput, required=False)
    invited = forms.ModelMultipleChoiceField(
        label=_("Invite"), queryset=Company.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, workspace, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["production"].queryset = _productions(user, workspace)
        self.fields["invited"].queryset = _vendors(user, workspace)
        if editing:
            del self.fields["advance"]
        else:
            self.fields["advance"].queryset = (
                Advance.objects.visible_to(user)
                .filter(workspace=workspace, status__in=["approved", "in_progress"])
                .order_by("-id")
            )
        narrow_choices(self, user=user, workspace=workspace)


class RfqLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=2, min_value=0.01, initial=1)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)


RfqLineFormSet = line_formset(RfqLineForm, ("description", "quantity", "unit"))


class BidForm(forms.Form):
    """A bid: a price per line of the request (fields `price_<line id>`), until a date."""

    company = forms.ModelChoiceField(label=_("Company"), queryset=Company.objects.none())
    valid_until = forms.DateField(label=_("Prices valid until"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(label=_("Quote document"), required=False, help_text=_("PDF, image or office file."))

    def __init__(self, *args, rfq, lines, merchant, **kwargs):
        super().__init__(*args, **kwargs)
        if merchant:  # a Merchant bids for their own company
            del self.fields["company"]
        else:
            self.fields["company"].queryset = rfq.invited.order_by("name")
        for line in lines:
            self.fields[f"price_{line.pk}"] = forms.DecimalField(
                label=_("%(line)s (%(quantity)s %(unit)s): unit price")
                % {"line": line.description, "quantity": line.quantity, "unit": line.unit},
                **MONEY,
            )
        self.lines = lines
        self.order_fields(["company", *(f"price_{line.pk}" for line in lines), "valid_until", "notes", "document"])

    def prices(self):
        return [{"rfq_line": line.pk, "unit_price": self.cleaned_data[f"price_{line.pk}"]} for line in self.lines]


class AgreementForm(forms.Form):
    vendor = forms.ModelChoiceField(label=_("Vendor"), queryset=Company.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput)
    remind_days = forms.IntegerField(
        label=_("Renewal reminder (days before the end)"), min_value=0, max_value=365, initial=30
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = _vendors(user, workspace)
        narrow_choices(self, user=user, workspace=workspace)


class AgreementRateForm(forms.Form):
    description = forms.CharField(label=_("Item"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    unit_price = forms.DecimalField(label=_("Rate"), **MONEY)


AgreementRateFormSet = line_formset(AgreementRateForm, ("description", "unit", "unit_price"))


__all__ = ["AgreementForm", "AgreementRateFormSet", "BidForm", "LineFormSet", "RfqForm"]
