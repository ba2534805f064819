"""Guest list rows kept to their organization for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): all "Zebra Secret …", so any answer to organization B that
shows one is caught."""

from dragonfly.tenancy.roles import Role
from guests import badges, door, services

from .helpers import make_show


def make_secret_objects(tenant):
    manager = tenant.user(Role.GLADIATOR)
    event, zones = make_show(tenant, "Zebra Secret Gala", zones=("Zebra Secret Backstage",))
    allotment = services.create_allotment(
        actor=manager, event=event, party="Zebra Secret Artist", places=5, user=tenant.user(Role.RAIDER)
    )
    guest = services.request_guest(actor=manager, allotment=allotment, name="Zebra Secret Guest", plus_ones=1)
    services.approve_request(guest, actor=manager)
    door.check_in(guest, actor=tenant.user(Role.DEVIATOR), plus_ones=1)
    waiting = services.request_guest(actor=manager, allotment=allotment, name="Zebra Secret Waiting")
    badge = badges.accredit(actor=manager, event=event, name="Zebra Secret Rigger", zones=list(zones.values()))
    return {"guest_event": event, "allotment": allotment, "guest": guest, "waiting": waiting, "badge": badge}
