"""In a real browser: a production manager types part of a name into the team form's lead picker,
picks the match, and the team saves with that lead; the kit form's picker adds assets by tag."""

import pytest
from django.urls import reverse

from assets.models import Kit
from assets.tests.helpers import make_asset
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import DESKTOP, PHONE, chromium, click_and_wait, log_in, no_horizontal_scroll
from dragonfly.testing.factories import PASSWORD
from people.models import Team
from people.tests.helpers import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_and_kit_assets_are_picked_by_typing(live_server, tenant_a):
    ws = tenant_a.workspace
    manager = tenant_a.user(Role.GLADIATOR)
    dana = make_person(ws, "Dana", "Rigger")
    make_person(ws, "Sam", "Ortiz")
    spot = make_asset(ws, "LX-0001", "Spot")
    args = [ws.organization.slug, ws.slug]

    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, manager.username, PASSWORD)
        page.goto(live_server.url + reverse("people:teams", args=args))
        page.fill("input[name=name]", "Riggers")
        page.locator("input[name=lead_text]").press_sequentially("dan", delay=40)
        page.locator("[data-picker] [data-pick]", has_text="Dana Rigger").click()
        assert page.input_value("input[name=lead]") == str(dana.pk)
        assert no_horizontal_scroll(page)
        click_and_wait(page, page.get_by_role("button", name="Create team"))

        page.set_viewport_size(DESKTOP)
        page.goto(live_server.url + reverse("assets:kits", args=args))
        page.fill("#new-kit input[name=name]", "Front truss")
        page.locator("input[name=assets_text]").press_sequentially("spot", delay=40)
        page.locator("[data-picker] [data-pick]", has_text="LX-0001").click()
        assert page.input_value("input[name=assets_text]") == "LX-0001, "
        click_and_wait(page, "#new-kit button[type=submit]")

    assert Team.objects.get(name="Riggers").lead == dana
    assert list(Kit.objects.get(name="Front truss").assets.all()) == [spot]
