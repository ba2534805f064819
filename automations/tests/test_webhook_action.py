"""A rule's "send a webhook" action hands the event to one of the organization's own endpoints: the
receiver gets a signed `automation.run` message naming the rule; another organization's endpoint can't
be chosen."""

import pytest
from standardwebhooks.webhooks import Webhook

from advancing import services as advancing
from advancing.tests.helpers import make_advance
from automations.models import RunResult, UsageLog
from automations.services import RuleInvalid
from automations.tests.helpers import make_rule
from dragonfly.tenancy.roles import Role
from dragonfly.webhooks import services as webhooks
from dragonfly.webhooks.models import WebhookDelivery
from dragonfly.webhooks.tests.helpers import receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_inline(settings):
    from dragonfly.celery import app

    settings.WEBHOOKS_ALLOW_PRIVATE_URLS = True  # the receiver runs on 127.0.0.1
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


def endpoint_of(tenant, url):
    # It chose no advancing events itself: only the rule sends it this one.
    return webhooks.create_endpoint(
        tenant.org, actor=tenant.user(Role.PHANTOM), url=url, event_types=["production.moved"]
    )


def test_a_rule_sends_a_signed_webhook_when_an_advance_is_submitted(tenant_a, django_capture_on_commit_callbacks):
    advance = make_advance(tenant_a)
    with receiver() as (url, received):
        endpoint = endpoint_of(tenant_a, url)
        rule = make_rule(
            tenant_a,
            name="Tell the ticketing system",
            actions=[{"action": "webhook.send", "params": {"endpoint": endpoint.pk}}],
        )
        with django_capture_on_commit_callbacks(execute=True):
            advancing.submit_advance(advance, actor=tenant_a.user(Role.DEVIATOR))

    assert len(received) == 1
    _path, headers, body = received[0]
    payload = Webhook(endpoint.secret).verify(body, headers)
    assert payload["type"] == "automation.run"
    assert payload["data"]["rule"] == "Tell the ticketing system"
    assert payload["data"]["object"] == {"type": "advancing.advance", "id": str(advance.pk)}
    assert payload["data"]["organization"] == tenant_a.org.pk
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == endpoint and delivery.event_type == "automation.run"
    run = UsageLog.objects.get(rule=rule)
    assert run.result == RunResult.SUCCEEDED and run.actions_run[0]["action"] == "webhook.send"


def test_another_organizations_endpoint_cannot_be_chosen(tenant_a, tenant_b):
    theirs = endpoint_of(tenant_b, "http://127.0.0.1:9/in")
    with pytest.raises(RuleInvalid, match="No such webhook endpoint in this organization."):
        make_rule(tenant_a, actions=[{"action": "webhook.send", "params": {"endpoint": theirs.pk}}])
    with pytest.raises(RuleInvalid, match="Choose the webhook endpoint"):
        make_rule(tenant_a, actions=[{"action": "webhook.send", "params": {}}])
