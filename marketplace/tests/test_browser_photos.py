"""In a real browser on a 375 px phone: a buyer opens the market, sees a listing's photo as its
thumbnail, opens the listing, sees its photos and places an order; a crew member of the seller's
organization then posts in the community feed, with a picture, and finds the post in the feed. The
listing page is also captured at 1280 px for the artifacts. Nothing scrolls sideways."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import Post
from dragonfly.tenancy.roles import Role
from dragonfly.testing.browser import (
    DESKTOP,
    PHONE,
    chromium,
    click_and_wait,
    logged_in_page,
    no_horizontal_scroll,
    screenshot,
)
from dragonfly.testing.factories import PASSWORD, Tenant
from marketplace import services
from marketplace.models import Order

from .helpers import make_listing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The drawn width of a picture once the browser has it (a lazy one loads when on screen).
LOADED_WIDTH = "img => img.decode().then(() => img.naturalWidth)"


def photo_bytes(fmt="JPEG", size=(640, 480)):
    """A real picture (a stage with a truss and two fixtures), so the browser draws it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (24, 28, 44))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, height * 3 // 4, width, height], fill=(70, 60, 50))
    draw.rectangle([width // 8, height // 6, width * 7 // 8, height // 6 + 14], fill=(180, 180, 190))
    for x in (width // 3, width * 2 // 3):
        draw.polygon(
            [
                (x - 20, height // 6 + 14),
                (x + 20, height // 6 + 14),
                (x + 90, height * 3 // 4),
                (x - 90, height * 3 // 4),
            ],
            fill=(240, 220, 140),
        )
        draw.rectangle([x - 22, height // 6 + 14, x + 22, height // 6 + 50], fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def test_a_buyer_orders_a_listing_with_a_photo_and_a_crew_member_posts_on_a_phone(live_server, artifacts_dir):
    seller, buyer = Tenant("Northstar"), Tenant("Bluewave")
    listing = make_listing(seller, "Moving head spot fixtures (used)", stock=2, price="950.00", kind="sale")
    photo = services.add_photo(
        listing,
        actor=seller.user(Role.GLADIATOR),
        upload=SimpleUploadedFile("fixtures.jpg", photo_bytes(), content_type="image/jpeg"),
    )
    services.add_photo(
        listing,
        actor=seller.user(Role.GLADIATOR),
        upload=SimpleUploadedFile("side.png", photo_bytes("PNG", (400, 300)), content_type="image/png"),
    )
    photo_url = f"/marketplace/listing/{listing.pk}/photos/{photo.pk}/"
    crew = seller.user(Role.RAIDER)
    picture = os.path.join(artifacts_dir, "community-post-picture.png")
    with open(picture, "wb") as handle:
        handle.write(photo_bytes("PNG", (480, 320)))
    with chromium() as browser:
        phone = logged_in_page(browser, live_server.url, buyer.user(Role.GLADIATOR), PASSWORD, viewport=PHONE)
        phone.goto(f"{live_server.url}/marketplace/")
        thumb = phone.locator(f"[data-testid=listing-thumb][src='{photo_url}']")
        assert thumb.count() == 1 and thumb.evaluate(LOADED_WIDTH) == 640
        assert no_horizontal_scroll(phone)
        click_and_wait(phone, f"a[href='/marketplace/listing/{listing.pk}/']")
        shown = phone.locator("[data-testid=listing-photo] img")
        assert shown.count() == 2
        shown = shown.first  # the first photo, full width
        assert shown.evaluate(LOADED_WIDTH) == 640
        assert shown.evaluate("img => img.getBoundingClientRect().width") <= 375
        assert no_horizontal_scroll(phone)
        screenshot(phone, os.path.join(artifacts_dir, "marketplace-listing-photo-phone.png"))
        click_and_wait(phone, "[data-testid=order-form] button[type=submit]")
        assert phone.locator("[data-testid=order-status]").inner_text().strip() == "Placed"

        desktop = logged_in_page(browser, live_server.url, buyer.user(Role.DEVIATOR), PASSWORD, viewport=DESKTOP)
        desktop.goto(f"{live_server.url}/marketplace/listing/{listing.pk}/")
        assert desktop.locator("[data-testid=listing-photo] img").first.evaluate(LOADED_WIDTH) == 640
        screenshot(desktop, os.path.join(artifacts_dir, "marketplace-listing-photo-desktop.png"))

        member = logged_in_page(browser, live_server.url, crew, PASSWORD, viewport=PHONE)
        member.goto(f"{live_server.url}/community/")
        click_and_wait(member, ".page-head a[href='/community/posts/new/']")
        member.fill("textarea[name=body]", "Truss is up, fixtures focused. Doors at 19:00.")
        member.set_input_files("input[name=image]", picture)
        click_and_wait(member, "form.form-card button[type=submit]")
        card = member.locator("[data-testid=post]").first
        assert "Doors at 19:00" in card.inner_text()
        assert card.locator("img.post-image").evaluate(LOADED_WIDTH) == 480
        member.goto(f"{live_server.url}/community/")
        assert "Truss is up, fixtures focused" in member.locator("[data-testid=post]").first.inner_text()
        assert no_horizontal_scroll(member)
        screenshot(member, os.path.join(artifacts_dir, "community-post-phone.png"))
    assert Order.objects.get().status == "placed"
    post = Post.objects.get()
    assert (post.author, post.image.original_name) == (crew, "community-post-picture.png")


def test_the_seller_moves_a_photo_earlier_on_a_phone_in_place(live_server, artifacts_dir):
    """htmx swaps the photo manager in place: the second photo becomes the first (the thumbnail)."""
    seller = Tenant("Northstar")
    listing = make_listing(seller, "Truss sections (used)", kind="sale")
    gladiator = seller.user(Role.GLADIATOR)
    first, second = (
        services.add_photo(
            listing, actor=gladiator, upload=SimpleUploadedFile(name, photo_bytes(), content_type="image/jpeg")
        )
        for name in ("front.jpg", "side.jpg")
    )
    with chromium() as browser:
        for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
            page = logged_in_page(browser, live_server.url, gladiator, PASSWORD, viewport=viewport)
            page.goto(f"{live_server.url}/marketplace/listing/{listing.pk}/")
            assert no_horizontal_scroll(page)
            screenshot(page, os.path.join(artifacts_dir, f"marketplace-photo-manager-{name}.png"))
        # The last page (desktop) moves the second photo earlier without leaving the page.
        page.get_by_role("button", name="Move photo 2 earlier").click()
        from playwright.sync_api import expect

        first_img = page.locator("[data-testid=listing-photo] img").first
        expect(first_img).to_have_attribute("src", f"/marketplace/listing/{listing.pk}/photos/{second.pk}/")
        assert page.url.endswith(f"/marketplace/listing/{listing.pk}/")
    order = list(listing.photos.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]
