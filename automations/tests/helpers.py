"""Shared helpers of the automations tests: rules made through the services, as an admin would."""

from automations import services
from automations.models import TriggerCatalog
from dragonfly.tenancy.roles import Role


def make_rule(tenant, trigger="compvss.advance.submitted", actions=None, conditions=(), **kwargs):
    actions = actions or [{"action": "notify.users", "params": {"roles": [Role.AVIATOR], "message": "Check {object}"}}]
    return services.create_rule(
        actor=tenant.user(Role.PHANTOM),
        organization=tenant.org,
        name=kwargs.pop("name", "Tell the aviators"),
        trigger=TriggerCatalog.objects.get(key=trigger),
        actions=actions,
        conditions=list(conditions),
        **kwargs,
    )
