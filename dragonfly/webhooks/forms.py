"""Forms of the webhook pages: they parse input; dragonfly.webhooks.services decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .catalog import event_types


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"), max_length=500, assume_scheme="https", help_text=_("Where the signed events are POSTed.")
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    all_events = forms.BooleanField(label=_("Every event type"), required=False)
    event_types = forms.MultipleChoiceField(
        label=_("Event types"), required=False, widget=forms.SelectMultiple(attrs={"size": 12})
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = [(name, name) for name in event_types()]

    def clean(self):
        data = super().clean()
        if data.get("all_events"):
            data["event_types"] = ["*"]
        elif not data.get("event_types"):
            self.add_error("event_types", _("Choose at least one event type, or every event type."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {k: data[k] for k in ("url", "description", "event_types", "active")}

    @staticmethod
    def initial_for(endpoint):
        every = "*" in endpoint.event_types
        return {
            "url": endpoint.url,
            "description": endpoint.description,
            "all_events": every,
            "event_types": [] if every else endpoint.event_types,
            "active": endpoint.active,
        }


class IncomingSourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("Who sends, e.g. Ticketing system."))
    slug = forms.SlugField(
        label=_("Address name"), max_length=60, help_text=_("The last part of its URL: /hooks/in/<name>/.")
    )
    handler = forms.ChoiceField(label=_("Handled by"))

    def __init__(self, *args, **kwargs):
        from .incoming import handler_choices

        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = handler_choices()
