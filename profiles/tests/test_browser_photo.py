"""In a real browser: a crew member uploads a photo on the edit page and removes it again with the
button beside it; on a desktop and on a 375 px phone."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dragonfly.accounts.models import Profile
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import PHONE, chromium, click_and_wait, logged_in_page, no_horizontal_scroll, screenshot
from dragonfly.testing.factories import PASSWORD, Tenant
from profiles import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def real_photo():
    out = io.BytesIO()
    Image.new("RGB", (144, 144), "#3b5bdb").save(out, format="PNG")
    return SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png")


def test_showing_and_removing_my_photo(live_server, artifacts_dir, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    riley = Tenant("Northwind").user(Role.RAIDER)
    services.set_photo(riley, actor=riley, upload=real_photo())
    url = f"{live_server.url}/profiles/edit/"
    with chromium() as browser:
        phone = logged_in_page(browser, live_server.url, riley, PASSWORD, viewport=PHONE)
        phone.goto(url)
        assert phone.locator("text=Remove photo").count() == 1 and no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "profile-photo-phone.png"))
        page = logged_in_page(browser, live_server.url, riley, PASSWORD)  # a desktop
        page.goto(url)
        screenshot(page, os.path.join(artifacts_dir, "profile-photo-desktop.png"))
        click_and_wait(page, "form[action$='/photo/remove/'] button[type=submit]")
        assert "Your photo is removed." in page.content() and page.locator("text=Remove photo").count() == 0
    assert Profile.objects.get(user=riley).avatar is None
