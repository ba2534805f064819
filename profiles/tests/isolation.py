"""A profile kept to its organization for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): all "Zebra Secret …", so any answer to organization B that
shows it is caught."""

from dragonfly.tenancy.roles import Role
from profiles import services
from profiles.models import Endorsement


def make_secret_objects(tenant):
    riley, devi = tenant.user(Role.RAIDER), tenant.user(Role.DEVIATOR)
    profile = services.update_profile(
        riley, actor=riley, headline="Zebra Secret headline", bio="Zebra Secret bio", skills=["Zebra Secret rigging"]
    )
    entry = services.add_history_entry(actor=riley, title="Zebra Secret Tour", role="Zebra Secret stagehand")
    objects = {"profile": profile, "history_entry": entry}
    if devi != riley:  # a workspace built by its admin alone (the form-choices walk) has no one to endorse
        objects["endorsement"] = Endorsement.objects.create(user=riley, endorser=devi, skill="Zebra Secret rigging")
    return objects
