"""The resources pages: a crew member finds a course, enrols and marks lessons done; managers add
materials, courses and lessons; another organization sees none of it; list pages pin their queries."""

import pytest
from django.urls import reverse

from dragonfly.tenancy.roles import Role
from dragonfly.testing.queries import assert_constant_queries
from resources.models import Course, Enrolment, Material

from .helpers import make_course, make_material

pytestmark = pytest.mark.django_db
R = Role


def _ws_url(tenant, name):
    return reverse(name, args=[tenant.org.slug, tenant.workspace.slug])


def test_a_crew_member_enrols_and_works_through_a_course(tenant_a, login):
    course = make_course(tenant_a, lessons=2)
    client = login(tenant_a.user(R.RAIDER))
    page = client.get(_ws_url(tenant_a, "resources:courses"))
    assert page.status_code == 200 and "Working at height" in page.text
    assert client.post(reverse("resources:enrol", args=[course.pk])).status_code == 302
    enrolment = Enrolment.objects.get(course=course)
    first, second = course.lessons.order_by("position")
    client.post(reverse("resources:complete_lesson", args=[enrolment.pk, first.pk]))
    page = client.get(reverse("resources:course", args=[course.pk]))
    assert "50 % done" in page.text
    client.post(reverse("resources:complete_lesson", args=[enrolment.pk, second.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    mine = client.get(_ws_url(tenant_a, "resources:mine"))
    assert "Working at height" in mine.text


def test_managers_add_materials_courses_and_lessons(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        _ws_url(tenant_a, "resources:new_material"),
        {"title": "Knots", "kind": "video", "category": "technical", "url": "https://example.com/knots"},
    )
    assert response.status_code == 302
    material = Material.objects.get(title="Knots")
    response = client.post(
        _ws_url(tenant_a, "resources:new_material"),
        {"title": "Bad", "kind": "link", "category": "technical", "url": "ftp://example.com/x"},
    )
    assert response.status_code == 400 and "http" in response.text
    assert not Material.objects.filter(title="Bad").exists()
    response = client.post(_ws_url(tenant_a, "resources:new_course"), {"title": "Rigging", "category": "technical"})
    course = Course.objects.get(title="Rigging")
    assert response.status_code == 302
    response = client.post(
        reverse("resources:add_lesson", args=[course.pk]), {"title": "Knots", "material": material.pk}
    )
    assert response.status_code == 302 and course.lessons.get().material == material
    assert client.post(reverse("resources:add_lesson", args=[course.pk]), {"title": ""}).status_code == 400


def test_roles_that_may_not_write_get_403(tenant_a, login):
    material = make_material(tenant_a)
    course = make_course(tenant_a)
    for role in (R.RAIDER, R.PASSENGER):
        client = login(tenant_a.user(role))
        assert client.get(_ws_url(tenant_a, "resources:workspace_home")).status_code == 200
        assert client.get(_ws_url(tenant_a, "resources:new_material")).status_code == 403
        assert client.get(_ws_url(tenant_a, "resources:new_course")).status_code == 403
        assert client.get(reverse("resources:edit_material", args=[material.pk])).status_code == 403
        assert client.post(reverse("resources:delete_material", args=[material.pk])).status_code == 403
        assert client.post(reverse("resources:add_lesson", args=[course.pk]), {"title": "x"}).status_code == 403
    assert Material.objects.filter(pk=material.pk).exists() and course.lessons.count() == 2
    # A Merchant opens no learning of the workspace.
    assert login(tenant_a.user(R.MERCHANT)).get(_ws_url(tenant_a, "resources:workspace_home")).status_code == 403


def test_another_organization_gets_404_unless_public(tenant_a, tenant_b, login):
    material = make_material(tenant_a)
    course = make_course(tenant_a)
    public = make_course(tenant_a, "Open course", is_public=True)
    enrolment = Enrolment.objects.create(course=course, user=tenant_a.user(R.RAIDER))
    client = login(tenant_b.user(R.GLADIATOR))
    assert client.get(reverse("resources:material", args=[material.pk])).status_code == 404
    assert client.get(reverse("resources:course", args=[course.pk])).status_code == 404
    assert client.post(reverse("resources:enrol", args=[course.pk])).status_code == 404
    lesson = course.lessons.first()
    assert client.post(reverse("resources:complete_lesson", args=[enrolment.pk, lesson.pk])).status_code == 404
    assert client.get(_ws_url(tenant_a, "resources:workspace_home")).status_code == 404
    own = client.get(_ws_url(tenant_b, "resources:courses"))
    assert own.status_code == 200 and "Working at height" not in own.text
    assert client.get(reverse("resources:course", args=[public.pk])).status_code == 200


def test_list_pages_cost_the_same_queries_for_more_rows(tenant_a, login):
    make_material(tenant_a, "First")
    make_course(tenant_a, "First course", lessons=1)
    riley = tenant_a.user(R.RAIDER)
    client = login(riley)

    def grow(step):
        for n in range(3):
            name = f"{step}-{n}"
            make_material(tenant_a, f"Material {name}", kind="video", url=f"https://example.com/{name}", tags="a, b")
            course = make_course(tenant_a, f"Course {name}", lessons=1)
            Enrolment.objects.create(course=course, user=riley)

    urls = [_ws_url(tenant_a, name) for name in ("resources:workspace_home", "resources:courses", "resources:mine")]
    for step, url in enumerate(urls):
        client.get(url)  # the first request of a session warms its caches
        queries, before, after = assert_constant_queries(client, url, lambda step=step: grow(step))
        assert after > before
