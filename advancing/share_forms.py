"""Forms of the share links: the crew's "share this advance" form, and the collaborator's forms (who
they are, an answer to a line, a catalog line to add). They parse input; advancing/sharing.py decides."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import QUANTITY, _numeric, plain
from .models import ShareField
from .sharing import DEFAULT_DAYS


class ShareLinkForm(forms.Form):
    """Who the link is for, the days it is open (in the sharer's time zone), an optional passcode and
    what else the page shows besides the lines."""

    label = forms.CharField(label=_("Who is it for?"), max_length=200)
    valid_from = forms.DateField(label=_("Open from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Open until (inclusive)"), widget=forms.DateInput(attrs={"type": "date"}))
    passcode = forms.CharField(
        label=_("Passcode (optional)"),
        required=False,
        min_length=4,
        max_length=64,
        help_text=_("Tell it to them another way than the link (a call, a text)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Also show"),
        required=False,
        choices=ShareField.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"valid_from": today, "valid_until": today + datetime.timedelta(days=DEFAULT_DAYS - 1)}
        )
        super().__init__(*args, **kwargs)
        self.fields["label"].widget.attrs["placeholder"] = _("e.g. Tour manager, The Lumineers")

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The link must close after it opens."))
        return data

    def window(self):
        """The days as moments: from the first day's midnight to the midnight after the last day."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.cleaned_data["valid_from"], datetime.time.min, tzinfo=zone)
        end_day = self.cleaned_data["valid_until"] + datetime.timedelta(days=1)
        end = datetime.datetime.combine(end_day, datetime.time.min, tzinfo=zone)
        return start, end


class GuestForm(forms.Form):
    """The collaborator's first visit: who they are (and the passcode, when the link has one)."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    passcode = forms.CharField(
        label=_("Passcode"), required=False, max_length=64, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, needs_passcode=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if needs_passcode:
            self.fields["passcode"].required = True
        else:
            del self.fields["passcode"]


class AnswerForm(forms.Form):
    """An answer to one line and, while the advance is a draft, the quantity they confirm or adjust."""

    answer = forms.CharField(
        label=_("Your answer"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), required=False, **QUANTITY, validators=[MinValueValidator(Decimal("0.01"))]
    )

    def __init__(self, *args, item, quantity_open, **kwargs):
        kwargs.setdefault("prefix", f"line-{item.pk}")
        answer = (item.metadata or {}).get("external_answer", {}).get("text", "")
        kwargs.setdefault("initial", {"answer": answer, "quantity": plain(item.quantity)})
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["answer"].widget.attrs["placeholder"] = _("e.g. We bring our own mic package")
        if quantity_open:
            _numeric(self.fields["quantity"])
        else:
            del self.fields["quantity"]

    def clean(self):
        data = super().clean()
        if not data.get("answer") and data.get("quantity") in (None, ""):
            raise forms.ValidationError(_("Write an answer or set the quantity."))
        return data


class AddLineForm(forms.Form):
    """A catalog item the collaborator adds to a draft."""

    catalog_item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    quantity = forms.DecimalField(
        label=_("Quantity"), **QUANTITY, initial=Decimal("1"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    answer = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _numeric(self.fields["quantity"])
