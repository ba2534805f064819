"""Forms of the guest list pages: they parse input; guests.services decides the rules. Choices are
narrowed to the event's organization and its venue."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .badges import venue_zones
from .models import MAX_PLUS_ONES, AccreditationKind, GuestStatus, PartyKind


def _members(event):
    return (
        get_user_model()
        .objects.filter(memberships__organization_id=event.workspace.organization_id, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AllotmentForm(forms.Form):
    party = forms.CharField(
        max_length=120, label=_("Party"), help_text=_("Who the places are for, e.g. the headliner.")
    )
    kind = forms.ChoiceField(choices=PartyKind.choices, label=_("Kind"))
    places = forms.IntegerField(min_value=0, max_value=10000, label=_("Places"))
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("Requester"),
        empty_label=_("— None —"),
        help_text=_("May ask for guests on this allotment."),
    )
    notes = forms.CharField(max_length=300, required=False, label=_("Notes"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = _members(event)
        field.label_from_instance = lambda u: u.get_full_name() or u.username


class GuestRequestForm(forms.Form):
    allotment = forms.ChoiceField(label=_("Allotment"))
    name = forms.CharField(max_length=120, label=_("Guest's name"))
    plus_ones = forms.IntegerField(min_value=0, max_value=MAX_PLUS_ONES, initial=0, label=_("Plus-ones"))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))

    def __init__(self, *args, allotments, **kwargs):
        super().__init__(*args, **kwargs)
        self.allotments = {str(a.pk): a for a in allotments}
        self.fields["allotment"].choices = [(str(a.pk), a.party) for a in allotments]

    def clean_allotment(self):
        return self.allotments[self.cleaned_data["allotment"]]


class DecisionForm(forms.Form):
    note = forms.CharField(max_length=500, required=False, label=_("Note"))


class CheckInForm(forms.Form):
    plus_ones = forms.IntegerField(min_value=0, max_value=MAX_PLUS_ONES, required=False, initial=0)
    q = forms.CharField(max_length=100, required=False)


class AccreditationForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"))
    role = forms.CharField(
        max_length=100, required=False, label=_("Role"), help_text=_("e.g. Stage manager, Photographer")
    )
    kind = forms.ChoiceField(choices=AccreditationKind.choices, label=_("Kind"))
    zones = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Access zones"),
        help_text=_("Zones of the event's venue."),
    )
    guest = forms.ModelChoiceField(queryset=None, required=False, label=_("Guest"), empty_label=_("— None —"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = venue_zones(event)
        self.fields["zones"].label_from_instance = lambda z: z.name
        self.fields["guest"].queryset = event.guest_requests.filter(status=GuestStatus.APPROVED).order_by("name", "id")
