"""A broadcast for the project-wide isolation walk (dragonfly/core/tests/test_isolation.py): named
"Zebra Secret …", so a page or API answer of another organization that shows it is caught."""

from dragonfly.broadcasts.models import Broadcast
from dragonfly.tenancy.roles import Role


def make_secret_objects(tenant):
    broadcast = Broadcast.objects.create(
        workspace=tenant.workspace,
        audience="workspace",
        target_name="Zebra Secret Crew",
        message="Zebra Secret doors delayed",
        sender=tenant.user(Role.GLADIATOR),
        recipient_count=3,
    )
    return {"broadcast": broadcast}
