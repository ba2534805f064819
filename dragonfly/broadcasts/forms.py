"""The broadcast form: it parses who and what; dragonfly.broadcasts.services decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .audiences import AUDIENCES, WORKSPACE
from .models import MESSAGE_MAX


def parse_to(value: str) -> tuple[str, int | None]:
    """ "workspace" or "<audience>:<id>" → (audience, id)."""
    if value == WORKSPACE:
        return WORKSPACE, None
    audience, _sep, pk = value.rpartition(":")
    return audience, int(pk) if pk.isdigit() else None


class BroadcastForm(forms.Form):
    to = forms.ChoiceField(label=_("To"))
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Doors delayed 15 min")}),
        help_text=_("Everyone it reaches is notified at once: live on an open page, in the bell otherwise."),
    )

    urgent = forms.BooleanField(
        label=_("Urgent"),
        required=False,
        help_text=_("Those who opted in to SMS alerts get it by text message too."),
    )

    def __init__(self, *args, user, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        choices: list = [(WORKSPACE, _("Everyone in %(workspace)s") % {"workspace": workspace.name})]
        for audience in AUDIENCES.values():
            targets = [(f"{audience.key}:{obj.pk}", str(obj)) for obj in audience.choices(user, workspace)]
            if targets:
                choices.append((audience.label, targets))
        self.fields["to"].choices = choices

    def service_fields(self):
        audience, target_id = parse_to(self.cleaned_data["to"])
        data = self.cleaned_data
        return {"audience": audience, "target_id": target_id, "message": data["message"], "urgent": data["urgent"]}
