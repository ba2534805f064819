from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .scopes import scope_choices
from .services import LIFETIME_DAYS


def lifetime_choices():
    return [
        (str(days), ngettext_lazy("%(count)d day", "%(count)d days", days) % {"count": days}) for days in LIFETIME_DAYS
    ]


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. “Budget export script”.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A token never does more than you may; scopes narrow it further."),
    )
    expires_in_days = forms.TypedChoiceField(label=_("Expires after"), coerce=int, initial="30")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices()
        self.fields["expires_in_days"].choices = lifetime_choices()
