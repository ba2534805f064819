"""Forms of the marketplace pages: they parse input; marketplace.services decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ListingCategory, ListingKind, ListingStatus


class ListingForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    kind = forms.ChoiceField(choices=ListingKind.choices, label=_("Kind"))
    category = forms.ChoiceField(choices=ListingCategory.choices, label=_("Category"))
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label=_("Description"))
    price = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, label=_("Price"))
    currency = forms.CharField(
        max_length=3, required=False, label=_("Currency"), help_text=_("Three letters; empty: your organization's.")
    )
    unit = forms.CharField(max_length=40, required=False, label=_("Unit"), help_text=_("e.g. per unit, per day."))
    stock = forms.IntegerField(
        min_value=0, required=False, label=_("Stock"), help_text=_("Units left; leave empty for no limit.")
    )
    available_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label=_("From"))
    available_until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label=_("Until"))
    status = forms.ChoiceField(choices=ListingStatus.choices, label=_("Status"))


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG, GIF or WebP, at most 10 MB."))


class OrderForm(forms.Form):
    quantity = forms.IntegerField(min_value=1, max_value=10_000, initial=1, label=_("Quantity"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note to the seller"))


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(coerce=int, choices=[(n, "★" * n) for n in range(5, 0, -1)], label=_("Stars"))
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Review"))


class ReplyForm(forms.Form):
    reply = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reply"))


class AssetListingForm(forms.Form):
    asset = forms.ModelChoiceField(queryset=None, label=_("Asset"))
    price = forms.DecimalField(max_digits=14, decimal_places=2, min_value=0, label=_("Price"))
    kind = forms.ChoiceField(
        choices=[(ListingKind.SALE, ListingKind.SALE.label), (ListingKind.RENT, ListingKind.RENT.label)],
        label=_("Kind"),
    )

    def __init__(self, *args, assets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset"].queryset = assets
