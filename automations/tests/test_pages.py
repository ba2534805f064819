"""An organization admin builds rules in the browser, tests them on a sample, reads the usage log;
a member who is not an admin gets 403, another organization's admin a 404."""

import pytest
from django.urls import reverse

from advancing.tests.helpers import make_advance
from automations.engine import run
from automations.models import AutomationRule, RunResult, TriggerCatalog, UsageLog
from automations.tests.helpers import make_rule
from dragonfly.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def rule_body(**overrides):
    body = {
        "name": "Big advances to the Aviators",
        "trigger": TriggerCatalog.objects.get(key="compvss.advance.submitted").pk,
        "workspace": "",
        "enabled": "on",
        "condition_1_field": "estimated_cost",
        "condition_1_op": "gt",
        "condition_1_value": "5000",
        "action_1": "notify.users",
        "action_1_message": "Big advance: {object}",
        "action_1_roles": [str(Role.AVIATOR)],
        "action_2": "atlvs.advance.review",
    }
    body.update(overrides)
    return body


def test_an_admin_builds_a_rule_in_the_browser(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    assert client.get(reverse("automations:new")).status_code == 200
    response = client.post(reverse("automations:new"), rule_body())
    assert response.status_code == 302
    rule = AutomationRule.objects.get()
    assert rule.organization == tenant_a.org and rule.created_by == tenant_a.user(Role.PHANTOM)
    assert rule.conditions == [{"field": "estimated_cost", "op": "gt", "value": "5000"}]
    assert [a["action"] for a in rule.actions] == ["notify.users", "atlvs.advance.review"]
    assert rule.actions[0]["params"]["roles"] == [Role.AVIATOR]

    page = client.get(reverse("automations:rules"))
    assert page.status_code == 200
    assert "Big advances to the Aviators" in page.content.decode()
    assert "compvss.advance.submitted" in page.content.decode()  # the built-in rules are listed too


def test_a_bad_rule_is_refused_with_a_reason_and_nothing_saved(tenant_a, login):
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.post(reverse("automations:new"), rule_body(condition_1_field="password"))
    assert response.status_code == 400
    assert "is not a field" in response.content.decode()
    response = client.post(reverse("automations:new"), rule_body(action_1_roles=[], action_1="notify.users"))
    assert response.status_code == 400
    assert not AutomationRule.objects.exists()


def test_an_admin_edits_disables_and_deletes_a_rule(tenant_a, login):
    rule = make_rule(tenant_a)
    client = login(tenant_a.user(Role.PHANTOM))
    assert client.get(reverse("automations:edit", args=[rule.pk])).status_code == 200
    client.post(reverse("automations:edit", args=[rule.pk]), rule_body(name="Renamed"))
    rule.refresh_from_db()
    assert rule.name == "Renamed"
    client.post(reverse("automations:toggle", args=[rule.pk]))
    rule.refresh_from_db()
    assert rule.enabled is False
    client.post(reverse("automations:delete", args=[rule.pk]))
    assert not AutomationRule.objects.exists()


def test_a_test_run_shows_what_would_happen_and_changes_nothing(tenant_a, login):
    rule = make_rule(tenant_a, conditions=[{"field": "status", "op": "eq", "value": "submitted"}])
    advance = make_advance(tenant_a, status="submitted")
    client = login(tenant_a.user(Role.PHANTOM))
    response = client.get(reverse("automations:test", args=[rule.pk]), {"object": advance.pk})
    text = response.content.decode()
    assert response.status_code == 200
    assert "The rule would run" in text and "Would notify" in text
    assert tenant_a.user(Role.AVIATOR).username in text or "Aviator" in text
    assert not UsageLog.objects.exists()


def test_the_usage_log_filters_by_result(tenant_a, login):
    rule = make_rule(tenant_a)
    advance = make_advance(tenant_a)
    payload = {
        "name": "advance.submitted",
        "model_label": "advancing.advance",
        "object_id": str(advance.pk),
        "workspace_id": tenant_a.workspace.pk,
        "data": {},
        "depth": 0,
    }
    run(rule.pk, "ok-1", payload)
    run(rule.pk, "loop-1", {**payload, "depth": 3})
    client = login(tenant_a.user(Role.PHANTOM))
    all_runs = client.get(reverse("automations:log"))
    assert all_runs.status_code == 200
    assert all_runs.content.decode().count("run-") >= 2
    stopped = client.get(reverse("automations:log"), {"result": RunResult.LOOP_STOPPED})
    assert stopped.content.decode().count('class="badge run-') == 1


@pytest.mark.parametrize("role", [Role.GLADIATOR, Role.NAVIGATOR, Role.RAIDER, Role.PASSENGER])
def test_a_member_who_is_not_an_admin_gets_403(tenant_a, login, role):
    rule = make_rule(tenant_a)
    client = login(tenant_a.user(role))
    for url in [
        reverse("automations:rules"),
        reverse("automations:new"),
        reverse("automations:log"),
        reverse("automations:edit", args=[rule.pk]),
        reverse("automations:test", args=[rule.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("automations:toggle", args=[rule.pk])).status_code == 403
    rule.refresh_from_db()
    assert rule.enabled


def test_another_organizations_admin_gets_404_and_sees_none_of_its_runs(tenant_a, tenant_b, login):
    rule = make_rule(tenant_a)
    client = login(tenant_b.user(Role.PHANTOM))
    for name in ("edit", "test"):
        assert client.get(reverse(f"automations:{name}", args=[rule.pk])).status_code == 404
    for name in ("toggle", "delete"):
        assert client.post(reverse(f"automations:{name}", args=[rule.pk])).status_code == 404
    assert rule.name not in client.get(reverse("automations:rules")).content.decode()
    assert AutomationRule.objects.filter(pk=rule.pk, enabled=True).exists()
