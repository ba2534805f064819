"""The API builds the same rules through the same services: admins only, their organization only."""

import pytest

from advancing.tests.helpers import make_advance
from automations.models import AutomationRule
from automations.tests.helpers import make_rule
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def body(tenant, **overrides):
    data = {
        "organization": tenant.org.pk,
        "name": "Tell the aviators",
        "trigger": "atlvs.advance.approved",
        "conditions": [{"field": "approved_cost", "op": "gte", "value": "1000"}],
        "actions": [{"action": "compvss.advance.notify_status", "params": {"message": "{object} approved"}}],
    }
    data.update(overrides)
    return data


def test_an_admin_creates_reads_updates_and_deletes_a_rule(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    created = client.post("/api/automations/rules/", body(tenant_a), content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["trigger"] == "atlvs.advance.approved"
    assert client.get("/api/automations/rules/").json()["results"][0]["id"] == pk
    patched = client.patch(f"/api/automations/rules/{pk}/", {"enabled": False}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["enabled"] is False
    assert client.delete(f"/api/automations/rules/{pk}/").status_code == 204
    assert not AutomationRule.objects.exists()


def test_bad_input_is_a_clear_400_and_nothing_is_saved(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    bad = client.post(
        "/api/automations/rules/",
        body(tenant_a, actions=[{"action": "rm.rf", "params": {}}]),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "not an action" in bad.json()["detail"]
    bad = client.post(
        "/api/automations/rules/",
        body(tenant_a, conditions=[{"field": "__class__", "op": "eq", "value": "x"}]),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert not AutomationRule.objects.exists()


def test_a_dry_run_through_the_api(tenant_a, login):
    rule = make_rule(tenant_a, conditions=[{"field": "estimated_cost", "op": "gt", "value": "5000"}])
    advance = make_advance(tenant_a)
    client = login(tenant_a.user(Role.PHANTOM))
    answer = client.post(
        f"/api/automations/rules/{rule.pk}/test/", {"object_id": str(advance.pk)}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json()["fires"] is False
    assert answer.json()["conditions"][0]["holds"] is False


def test_the_catalogs_are_readable(tenant_a, login):
    client = login(tenant_a.user(Role.RAIDER))
    keys = {t["key"] for t in client.get("/api/automations/triggers/?limit=200").json()["results"]}
    assert "compvss.advance.submitted" in keys


def test_a_non_admin_gets_403(tenant_a, login):
    rule = make_rule(tenant_a)
    client = login(tenant_a.user(Role.GLADIATOR))
    assert client.get("/api/automations/rules/").status_code == 403
    assert client.get(f"/api/automations/rules/{rule.pk}/").status_code == 403
    assert client.post("/api/automations/rules/", body(tenant_a), content_type="application/json").status_code == 403
    assert client.get("/api/automations/runs/").status_code == 403


def test_another_organizations_admin_gets_404(tenant_a, tenant_b, login):
    rule = make_rule(tenant_a)
    client = login(tenant_b.user(Role.PHANTOM))
    assert client.get(f"/api/automations/rules/{rule.pk}/").status_code == 404
    assert (
        client.patch(
            f"/api/automations/rules/{rule.pk}/", {"enabled": False}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get("/api/automations/rules/").json()["results"] == []
    # nor can they hang a rule on A's organization
    assert client.post("/api/automations/rules/", body(tenant_a), content_type="application/json").status_code == 400
