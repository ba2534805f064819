"""In a real browser: an editor renames a document and files it under a category from its page, then
compares two versions, which name the uploader; on a desktop and on a 375 px phone."""

import os

import pytest

from dragonfly.files import services
from dragonfly.files.models import Document
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant

from .helpers import make_document, pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_renaming_a_document_and_comparing_its_versions(live_server, artifacts_dir, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    tenant = Tenant("Northwind")
    editor = tenant.user(Role.GLADIATOR)
    editor.first_name, editor.last_name = "Gia", "Ladd"
    editor.save()
    rider = make_document(tenant, title="rider_final_v3.pdf")
    services.add_version(rider, actor=editor, upload=pdf("rider-v2.pdf", "two"), note="B-stage")
    url = f"{live_server.url}/files/document/{rider.pk}/"
    with chromium() as browser:
        page = logged_in_page(browser, live_server.url, editor, PASSWORD)  # a desktop
        page.goto(url)
        page.fill("#id_title", "Technical rider")
        page.select_option("#id_category", label="Riders")
        click_and_wait(page, "form[action$='/edit/'] button[type=submit]")
        assert page.locator("h1").inner_text() == "Technical rider"
        page.goto(f"{url}?a=1&b=2")
        assert page.locator("table[aria-label=Comparison]").inner_text().count("Gia Ladd") == 2
        screenshot(page, os.path.join(artifacts_dir, "document-desktop.png"))
        phone = logged_in_page(browser, live_server.url, editor, PASSWORD, viewport=PHONE)
        phone.goto(f"{url}?a=1&b=2")
        assert no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "document-phone.png"))
    rider = Document.objects.select_related("category").get(pk=rider.pk)
    assert (rider.title, rider.category.name) == ("Technical rider", "Riders")
