"""In Chromium: two people open the same task; Dana saves first; Bo's save is refused with Dana's name
and the changed field, Bo's text still in the form; "Save anyway" puts Bo's version on top of Dana's."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from finance.tests.test_browser import restore_migration_data
from productions.models import Task
from productions.tests.helpers import make_production

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_people_editing_one_task_never_overwrite_each_other_silently(live_server, artifacts_dir):
    restore_migration_data()
    tenant = Tenant("Acme")
    dana, bo = tenant.user(Role.GLADIATOR), tenant.user(Role.PHANTOM)
    dana.first_name, dana.last_name = "Dana", "Reyes"
    dana.save()
    task = Task.objects.create(production=make_production(tenant), title="Rig the stage")
    base = live_server.url
    url = f"{base}/productions/task/{task.pk}/edit/"

    with chromium() as browser:
        page_a = logged_in_page(browser, base, dana, PASSWORD)
        page_b = logged_in_page(browser, base, bo, PASSWORD, viewport=PHONE)
        page_a.goto(url)
        page_b.goto(url)

        page_a.fill("input[name=title]", "Rig the main stage")
        click_and_wait(page_a, "form button.primary[type=submit]")

        page_b.fill("textarea[name=description]", "Bring the spare truss")
        click_and_wait(page_b, "form .actions button.primary:not([name])")
        conflict = page_b.locator(".edit-conflict")
        assert "Dana Reyes changed this task after you opened it (Title)" in conflict.inner_text()
        assert page_b.input_value("textarea[name=description]") == "Bring the spare truss"
        assert no_horizontal_scroll(page_b)
        screenshot(page_b, f"{artifacts_dir}/edit-conflict-phone.png")
        page_b.set_viewport_size({"width": 1280, "height": 800})
        screenshot(page_b, f"{artifacts_dir}/edit-conflict-desktop.png")

        # Enter in a field is not "Save anyway": the save is checked again and refused again.
        with page_b.expect_navigation():
            page_b.press("input[name=title]", "Enter")
        task.refresh_from_db()
        assert (task.description, task.version) != ("Bring the spare truss", 3)
        conflict = page_b.locator(".edit-conflict")
        assert "Dana Reyes changed this task" in conflict.inner_text()
        assert page_b.input_value("textarea[name=description]") == "Bring the spare truss"

        click_and_wait(page_b, conflict.get_by_role("button", name="Save anyway"))
        task.refresh_from_db()
        assert (task.title, task.description, task.version) == ("Rig the stage", "Bring the spare truss", 3)
