"""Learning rows kept to their organization for the project-wide isolation walk
(dragonfly/core/tests/test_isolation.py): all "Zebra Secret …" and none public, so any answer to
organization B that shows one is caught."""

import datetime

from dragonfly.tenancy.access import local_today
from dragonfly.tenancy.roles import Role
from resources import services


def make_secret_objects(tenant):
    author = tenant.user(Role.GLADIATOR)
    material = services.create_material(
        tenant.workspace, actor=author, title="Zebra Secret handbook", kind="link", url="https://example.com/zebra"
    )
    course = services.create_course(tenant.workspace, actor=author, title="Zebra Secret course")
    lesson = services.add_lesson(course, actor=author, title="Zebra Secret lesson", material=material)
    enrolment = services.enrol(course, actor=tenant.user(Role.RAIDER))
    grant = services.create_grant(
        tenant.workspace,
        actor=author,
        title="Zebra Secret fund",
        funder="Zebra Secret Trust",
        deadline=local_today(tenant.workspace) + datetime.timedelta(days=30),
    )
    application = services.apply_for_grant(
        grant, actor=tenant.user(Role.NAVIGATOR), requested_amount=100, notes="Zebra Secret plan"
    )
    return {
        "material": material,
        "course": course,
        "lesson": lesson,
        "enrolment": enrolment,
        "grant": grant,
        "grant_application": application,
    }
