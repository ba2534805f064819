"""In a real browser on a 375 px phone: a crew member enrols on a course and marks its lessons done
until it is completed."""

import os

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from resources.models import Enrolment

from .helpers import make_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_crew_member_takes_a_course_on_a_phone(live_server, artifacts_dir):
    tenant = Tenant("Northwind")
    course = make_course(tenant, "Working at height", lessons=2)
    riley = tenant.user(Role.RAIDER)
    with chromium() as browser:
        phone = logged_in_page(browser, live_server.url, riley, PASSWORD, viewport=PHONE)
        phone.goto(f"{live_server.url}/resources/course/{course.pk}/")
        click_and_wait(phone, "[data-testid=enrol]")
        assert phone.locator("[data-testid=progress]").count() == 1
        click_and_wait(phone, phone.locator("[data-testid=lessons] form button[type=submit]").first)
        assert "50 %" in phone.content() and no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "resources-course-phone.png"))
        click_and_wait(phone, phone.locator("[data-testid=lessons] form button[type=submit]").first)
        assert "Course completed" in phone.content() and no_horizontal_scroll(phone)
    assert Enrolment.objects.get(course=course, user=riley).status == "completed"
