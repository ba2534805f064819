"""Automation rules and a run for the project-wide isolation walk (dragonfly/core/tests/test_isolation.py):
named "Zebra Secret …", so any page or API answer of another organization that shows one is caught."""

from automations.engine import run
from automations.tests.helpers import make_rule


def make_secret_objects(tenant):
    from advancing.tests.helpers import make_advance

    rule = make_rule(
        tenant,
        name="Zebra Secret Rule",
        actions=[{"action": "broadcast.post", "params": {"message": "Zebra Secret broadcast"}}],
    )
    advance = make_advance(tenant, activation="Zebra Secret Advance")
    payload = {
        "name": "advance.submitted",
        "model_label": "advancing.advance",
        "object_id": str(advance.pk),
        "workspace_id": tenant.workspace.pk,
        "data": {},
        "depth": 0,
    }
    log = run(rule.pk, "secret-1", payload)
    return {"rule": rule, "run": log}
