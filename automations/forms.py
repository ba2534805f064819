"""The rule builder: a name, a trigger, up to three conditions and three ordered actions.

The API takes any number (up to the services' limits) as JSON; the page offers three slots of each,
which is what a rule needs in practice, and works without JavaScript on a phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.models import Workspace
from dragonfly.tenancy.roles import Role
from dragonfly.webhooks.models import WebhookEndpoint

from .catalog import action_label, trigger_label
from .conditions import OPERATORS
from .models import ActionCatalog, TriggerCatalog

SLOTS = 3


class TriggerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{trigger_label(obj.key, obj.label)} · {obj.key}"


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    trigger = TriggerChoice(label=_("When"), queryset=TriggerCatalog.objects.all())
    workspace = forms.ModelChoiceField(
        label=_("In workspace"), queryset=Workspace.objects.none(), required=False, empty_label=_("Every workspace")
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = Workspace.objects.filter(
            organization=organization, archived=False
        ).order_by("name")
        ops = [("", "—"), *[(k, v) for k, v in OPERATORS.items()]]
        actions = [("", "—"), *[(a.key, action_label(a.key, a.label)) for a in ActionCatalog.objects.all()]]
        roles = [(r.value, r.label) for r in Role if r != Role.LEGEND]
        endpoints = WebhookEndpoint.objects.filter(organization=organization).order_by("pk")
        for i in range(1, SLOTS + 1):
            self.fields[f"condition_{i}_field"] = forms.CharField(
                label=_("Condition %(n)s: field") % {"n": i},
                required=False,
                max_length=100,
                help_text=_("e.g. estimated_cost, status, production.name, data.to") if i == 1 else "",
            )
            self.fields[f"condition_{i}_op"] = forms.ChoiceField(label=_("Operator"), choices=ops, required=False)
            self.fields[f"condition_{i}_value"] = forms.CharField(label=_("Value"), required=False, max_length=200)
        for i in range(1, SLOTS + 1):
            self.fields[f"action_{i}"] = forms.ChoiceField(
                label=_("Then, step %(n)s") % {"n": i}, choices=actions, required=(i == 1)
            )
            self.fields[f"action_{i}_message"] = forms.CharField(
                label=_("Message, subject or task title"),
                required=False,
                max_length=500,
                help_text=_("{object}, {event}, {workspace} and {rule} are filled in.") if i == 1 else "",
            )
            self.fields[f"action_{i}_roles"] = forms.TypedMultipleChoiceField(
                label=_("Roles to tell"),
                choices=roles,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
            )
            self.fields[f"action_{i}_field"] = forms.CharField(label=_("Field to set"), required=False, max_length=50)
            self.fields[f"action_{i}_value"] = forms.CharField(label=_("New value"), required=False, max_length=100)
            self.fields[f"action_{i}_due_in_days"] = forms.IntegerField(
                label=_("Task due in days"), required=False, min_value=0, max_value=365
            )
            self.fields[f"action_{i}_endpoint"] = forms.ModelChoiceField(
                label=_("Webhook endpoint"), queryset=endpoints, required=False
            )

    def bound(self, prefix):
        return [self[name] for name in self.fields if name.startswith(prefix)]

    def condition_rows(self):
        return [self.bound(f"condition_{i}_") for i in range(1, SLOTS + 1)]

    def action_rows(self):
        return [[self[f"action_{i}"], *self.bound(f"action_{i}_")] for i in range(1, SLOTS + 1)]

    def rule_data(self):
        """The cleaned form as the services take it: conditions and actions as lists."""
        data = self.cleaned_data
        conditions = []
        for i in range(1, SLOTS + 1):
            field, op = data.get(f"condition_{i}_field", "").strip(), data.get(f"condition_{i}_op", "")
            if field or op:
                conditions.append({"field": field, "op": op or "eq", "value": data.get(f"condition_{i}_value", "")})
        actions = []
        for i in range(1, SLOTS + 1):
            key = data.get(f"action_{i}")
            if not key:
                continue
            params = {"message": data.get(f"action_{i}_message", "")}
            if data.get(f"action_{i}_roles"):
                params["roles"] = list(data[f"action_{i}_roles"])
            if key == "field.set":
                params = {"field": data.get(f"action_{i}_field", ""), "value": data.get(f"action_{i}_value", "")}
            if key == "task.create":
                params["due_in_days"] = data.get(f"action_{i}_due_in_days")
            if key == "webhook.send":
                endpoint = data.get(f"action_{i}_endpoint")
                params = {"endpoint": endpoint.pk if endpoint else None}
            actions.append({"action": key, "params": params})
        return {
            "name": data["name"],
            "trigger": data["trigger"],
            "workspace": data.get("workspace"),
            "enabled": data.get("enabled", False),
            "conditions": conditions,
            "actions": actions,
        }


def initial_for(rule):
    """The form's initial values from a saved rule."""
    initial = {
        "name": rule.name,
        "trigger": rule.trigger_id,
        "workspace": rule.workspace_id,
        "enabled": rule.enabled,
    }
    for i, c in enumerate(rule.conditions[:SLOTS], start=1):
        initial.update(
            {f"condition_{i}_field": c["field"], f"condition_{i}_op": c["op"], f"condition_{i}_value": c["value"]}
        )
    for i, a in enumerate(rule.actions[:SLOTS], start=1):
        p = a.get("params") or {}
        initial.update(
            {
                f"action_{i}": a["action"],
                f"action_{i}_message": p.get("message", ""),
                f"action_{i}_roles": p.get("roles", []),
                f"action_{i}_field": p.get("field", ""),
                f"action_{i}_value": p.get("value", ""),
                f"action_{i}_due_in_days": p.get("due_in_days"),
                f"action_{i}_endpoint": p.get("endpoint"),
            }
        )
    return initial
