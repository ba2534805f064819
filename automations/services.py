"""Writing automation rules: only an organization admin (Phantom, Legend) of the rule's organization.

`test_run(rule, obj)` is the dry run of the builder: what each condition reads and whether it holds,
and what each action would do, for a sample object; nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import is_org_admin

from . import conditions
from .actions import REGISTRY, ActionError, RunContext, clean_actions
from .models import AutomationRule, TriggerCatalog


class RuleInvalid(DomainError):
    pass


def _require_admin(actor: Any, organization: Any) -> None:
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may change automation rules."))


def trigger_model(trigger: TriggerCatalog) -> Any:
    try:
        return apps.get_model(trigger.model_label) if trigger.model_label else None
    except LookupError:
        return None


def _clean(rule: AutomationRule, conditions_in: Any, actions_in: Any) -> None:
    if not (rule.name or "").strip():
        raise RuleInvalid(_("A rule needs a name."))
    rule.name = rule.name.strip()[:200]
    if rule.workspace is not None and rule.workspace.organization_id != rule.organization_id:
        raise RuleInvalid(_("The workspace is not one of this organization's."))
    try:
        rule.conditions = conditions.validate(trigger_model(rule.trigger), conditions_in)
    except conditions.ConditionError as exc:
        raise RuleInvalid(str(exc)) from exc
    try:
        rule.actions = clean_actions(actions_in, rule)
    except ActionError as exc:
        raise RuleInvalid(str(exc)) from exc


def create_rule(
    *,
    actor: Any,
    organization: Any,
    name: str,
    trigger: TriggerCatalog,
    actions: Any,
    conditions: Any = (),
    workspace: Any = None,
    enabled: bool = True,
) -> AutomationRule:
    _require_admin(actor, organization)
    rule = AutomationRule(
        organization=organization,
        workspace=workspace,
        name=name,
        trigger=trigger,
        enabled=enabled,
        created_by=actor,
    )
    _clean(rule, list(conditions or []), actions)
    with transaction.atomic():
        rule.save()
        record_activity(rule, actor=actor, verb="automation.rule_created", workspace=workspace)
    return rule


EDITABLE = ("name", "trigger", "workspace", "enabled")


def update_rule(rule: AutomationRule, *, actor: Any, **changes: Any) -> AutomationRule:
    _require_admin(actor, rule.organization_id)
    for name in EDITABLE:
        if name in changes:
            setattr(rule, name, changes[name])
    _clean(rule, changes.get("conditions", rule.conditions), changes.get("actions", rule.actions))
    with transaction.atomic():
        rule.save()
        record_activity(
            rule, actor=actor, verb="automation.rule_edited", workspace=rule.workspace, data={"fields": sorted(changes)}
        )
    return rule


def set_enabled(rule: AutomationRule, *, actor: Any, enabled: bool) -> AutomationRule:
    _require_admin(actor, rule.organization_id)
    with transaction.atomic():
        AutomationRule.objects.filter(pk=rule.pk).update(enabled=enabled)
        rule.enabled = enabled
        verb = "automation.rule_enabled" if enabled else "automation.rule_disabled"
        record_activity(rule, actor=actor, verb=verb, workspace=rule.workspace)
    return rule


def delete_rule(rule: AutomationRule, *, actor: Any) -> None:
    _require_admin(actor, rule.organization_id)
    with transaction.atomic():
        record_activity(
            rule, actor=actor, verb="automation.rule_deleted", workspace=rule.workspace, data={"name": rule.name}
        )
        rule.delete()


def sample_objects(rule: AutomationRule, user: Any, limit: int = 20) -> list[Any]:
    """Recent objects of the trigger's type the admin may see, to test the rule on."""
    model = trigger_model(rule.trigger)
    if model is None or not hasattr(model.objects, "visible_to"):
        return []
    qs = model.objects.visible_to(user)
    field_names = {f.name for f in model._meta.get_fields()}
    if rule.workspace_id and "workspace" in field_names:
        qs = qs.filter(workspace_id=rule.workspace_id)
    elif "workspace" in field_names:
        qs = qs.filter(workspace__organization_id=rule.organization_id)
    return list(qs.order_by("-pk")[:limit])


def test_run(rule: AutomationRule, *, actor: Any, obj: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A dry run on `obj` (a sample event): each condition and whether it holds, each action's preview."""
    from dragonfly.tenancy.access import workspace_of

    _require_admin(actor, rule.organization_id)
    data = data or {}
    checks = [{"text": conditions.describe(c), "holds": conditions.holds(c, obj, data)} for c in rule.conditions]
    fires = all(c["holds"] for c in checks)
    ctx = RunContext(rule, obj, data, rule.trigger.event_name, "test-run", workspace_of(obj), actor, dry_run=True)
    previews = []
    for item in rule.actions:
        handler = REGISTRY.get(item["action"])
        try:
            text = handler.preview(ctx, item["params"]) if handler else _("Unknown action.")
            ok = handler is not None
        except Exception as exc:  # a preview that can't be made says why, as the run would fail
            text, ok = str(exc), False
        previews.append({"action": item["action"], "text": text, "ok": ok})
    return {"object": str(obj), "conditions": checks, "fires": fires, "actions": previews}
