"""Community rows kept to organization A for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): all "Zebra Secret …", none public, so any answer to
organization B that shows one is caught."""

from community import services
from dragonfly.tenancy.roles import Role


def make_secret_objects(tenant):
    riley, devi = tenant.user(Role.RAIDER), tenant.user(Role.DEVIATOR)
    in_workspace = services.create_post(
        actor=riley, body="Zebra Secret load-in plan", scope="workspace", workspace=tenant.workspace
    )
    in_org = services.create_post(
        actor=riley, body="Zebra Secret company news", scope="organization", organization=tenant.org
    )
    objects = {"post": in_workspace, "org_post": in_org}
    if devi != riley:  # a workspace built by its admin alone (the form-choices walk) has one member
        objects["comment"] = services.add_comment(in_workspace, actor=devi, body="Zebra Secret reply")
        objects["reaction"] = services.react(in_org, actor=devi, kind="like")
        objects["connection"] = services.request_connection(devi, actor=riley)
        objects["report"] = services.report_post(in_org, actor=devi, reason="Zebra Secret reason")
    return objects
