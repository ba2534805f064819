"""Listing photos: a seller shows their gear with photos; every signed-in user of any organization sees
the photos of a published listing (and its thumbnail in the market), nobody outside the seller's
workspace those of a draft (404); a role that may not edit the listing is refused (403); a file that is
not a photo, or too big, is refused with its reason and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dragonfly.files.images import IMAGE_MAX_BYTES
from dragonfly.files.models import Attachment
from dragonfly.tenancy.roles import Role
from marketplace import services
from marketplace.models import ListingPhoto

from .helpers import make_listing

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def png(name="k2.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_a_seller_adds_photos_and_every_organization_sees_them_once_published(tenant_a, tenant_b, login):
    listing = make_listing(tenant_a, "K2 line array", status="draft")
    seller = login(tenant_a.user(Role.GLADIATOR))
    page = seller.get(f"/marketplace/listing/{listing.pk}/")
    assert 'data-testid="photo-form"' in page.content.decode()
    response = seller.post(f"/marketplace/listing/{listing.pk}/photos/", {"photo": png("front.png")})
    assert response.status_code == 302 and response.url == f"/marketplace/listing/{listing.pk}/"
    seller.post(f"/marketplace/listing/{listing.pk}/photos/", {"photo": png("rear.png")})
    first, second = ListingPhoto.objects.filter(listing=listing).order_by("position")
    assert (first.image.original_name, second.image.original_name) == ("front.png", "rear.png")
    assert first.image.bucket == "media" and first.image.document_id is None  # not a file of the files page
    page = seller.get(f"/marketplace/listing/{listing.pk}/").content.decode()
    assert page.count('data-testid="listing-photo"') == 2
    assert f"/marketplace/listing/{listing.pk}/photos/{first.pk}/" in page
    photo = seller.get(f"/marketplace/listing/{listing.pk}/photos/{first.pk}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff" and b"".join(photo.streaming_content) == PNG

    # A draft's photos: nobody outside the seller's workspace, not even through the files download.
    buyer = login(tenant_b.user(Role.GLADIATOR))
    assert buyer.get(f"/marketplace/listing/{listing.pk}/photos/{first.pk}/").status_code == 404
    assert buyer.get(f"/files/{first.image.pk}/").status_code == 404
    assert buyer.post(f"/marketplace/listing/{listing.pk}/photos/", {"photo": png()}).status_code == 404
    assert ListingPhoto.objects.count() == 2

    services.update_listing(listing, actor=tenant_a.user(Role.GLADIATOR), status="published")
    photo = buyer.get(f"/marketplace/listing/{listing.pk}/photos/{first.pk}/")
    assert photo.status_code == 200 and b"".join(photo.streaming_content) == PNG
    page = buyer.get(f"/marketplace/listing/{listing.pk}/").content.decode()
    assert page.count('data-testid="listing-photo"') == 2 and "Remove photo" not in page
    assert 'data-testid="photo-form"' not in page
    market = buyer.get("/marketplace/").content.decode()
    assert f'src="/marketplace/listing/{listing.pk}/photos/{first.pk}/"' in market  # the thumbnail: the first
    # Another listing's photo id under this listing is no photo of it.
    other = make_listing(tenant_a, "Other")
    assert buyer.get(f"/marketplace/listing/{other.pk}/photos/{first.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("rider.png", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "is not a photo"),
        (
            SimpleUploadedFile("clip.jpg", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\0" * 64),
            "not a photo",
        ),
        (SimpleUploadedFile("x.png", b"<svg onload=alert(1)></svg>"), "web page markup"),
        (SimpleUploadedFile("empty.png", b""), "empty"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(tenant_a, login, upload, reason):
    listing = make_listing(tenant_a)
    seller = login(tenant_a.user(Role.GLADIATOR))
    response = seller.post(f"/marketplace/listing/{listing.pk}/photos/", {"photo": upload})
    assert response.status_code == 400 and reason in response.content.decode()
    assert not ListingPhoto.objects.exists() and not Attachment.objects.exists()


def test_a_photo_too_big_or_one_too_many_is_refused(tenant_a, monkeypatch):
    listing = make_listing(tenant_a)
    seller = tenant_a.user(Role.GLADIATOR)
    huge = png("huge.png")
    huge.size = IMAGE_MAX_BYTES + 1
    with pytest.raises(services.photos.MarketplaceInvalid, match="at most 10 MB"):
        services.add_photo(listing, actor=seller, upload=huge)
    assert not Attachment.objects.exists()
    monkeypatch.setattr(services.photos, "MAX_PHOTOS", 1)
    services.add_photo(listing, actor=seller, upload=png())
    with pytest.raises(services.photos.MarketplaceInvalid, match="at most 1 photos"):
        services.add_photo(listing, actor=seller, upload=png())
    assert (ListingPhoto.objects.count(), Attachment.objects.count()) == (1, 1)


def test_a_role_that_may_not_edit_the_listing_gets_403_and_the_seller_removes_a_photo(tenant_a, tenant_b, login):
    listing = make_listing(tenant_a)
    photo = services.add_photo(listing, actor=tenant_a.user(Role.GLADIATOR), upload=png())
    url = f"/marketplace/listing/{listing.pk}/photos/"
    deviator = login(tenant_a.user(Role.DEVIATOR))
    assert deviator.get(f"/marketplace/listing/{listing.pk}/").status_code == 200
    assert 'data-testid="photo-form"' not in deviator.get(f"/marketplace/listing/{listing.pk}/").content.decode()
    assert deviator.post(url, {"photo": png()}).status_code == 403
    assert deviator.post(f"{url}{photo.pk}/remove/").status_code == 403
    buyer = login(tenant_b.user(Role.GLADIATOR))  # reads the published listing, edits nothing of it
    assert buyer.post(url, {"photo": png()}).status_code == 403
    assert buyer.post(f"{url}{photo.pk}/remove/").status_code == 403
    assert (ListingPhoto.objects.count(), Attachment.objects.count()) == (1, 1)

    seller = login(tenant_a.user(Role.GLADIATOR))
    assert seller.post(f"{url}{photo.pk}/remove/").status_code == 302
    assert not ListingPhoto.objects.exists() and not Attachment.objects.exists()
    assert seller.get(f"{url}{photo.pk}/").status_code == 404


def test_the_market_with_thumbnails_costs_the_same_at_any_size(
    tenant_a, tenant_b, login, django_assert_max_num_queries
):
    seller = tenant_a.user(Role.GLADIATOR)
    for n in range(2):
        services.add_photo(make_listing(tenant_a, f"Case {n}"), actor=seller, upload=png())
    client = login(tenant_b.user(Role.GLADIATOR))
    client.get("/marketplace/")  # warm the session's workspace
    with django_assert_max_num_queries(14):
        assert client.get("/marketplace/").content.decode().count('data-testid="listing-thumb"') == 2
    for n in range(2, 10):
        services.add_photo(make_listing(tenant_a, f"Case {n}"), actor=seller, upload=png())
    with django_assert_max_num_queries(14):
        assert client.get("/marketplace/").content.decode().count('data-testid="listing-thumb"') == 10


def test_photos_through_the_api_answer_json_and_keep_the_same_rules(tenant_a, tenant_b, login):
    listing = make_listing(tenant_a, status="draft")
    url = f"/api/marketplace/listings/{listing.pk}/photos/"
    seller = login(tenant_a.user(Role.GLADIATOR))
    response = seller.post(url, {"photo": png("front.png")})
    assert response.status_code == 201, response.content
    photo = ListingPhoto.objects.get()
    assert response.json()["url"] == f"/marketplace/listing/{listing.pk}/photos/{photo.pk}/"
    assert (response.json()["name"], response.json()["type"]) == ("front.png", "image/png")
    bad = seller.post(url, {"photo": SimpleUploadedFile("notes.png", b"just some text\n")})
    assert bad.status_code == 400 and "is not a photo" in str(bad.json())
    assert seller.post(url, {}).status_code == 400
    assert [row["id"] for row in seller.get(url).json()] == [photo.pk]

    outsider = login(tenant_b.user(Role.GLADIATOR))
    assert outsider.get(url).status_code == 404 and outsider.post(url, {"photo": png()}).status_code == 404
    services.update_listing(listing, actor=tenant_a.user(Role.GLADIATOR), status="published")
    assert [row["id"] for row in outsider.get(url).json()] == [photo.pk]
    refused = outsider.post(url, {"photo": png()})
    assert refused.status_code == 403 and refused["Content-Type"].startswith("application/json")
    deviator = login(tenant_a.user(Role.DEVIATOR))
    assert deviator.post(url, {"photo": png()}).status_code == 403
    assert (ListingPhoto.objects.count(), Attachment.objects.count()) == (1, 1)


# --- reordering: the seller moves a photo earlier or later; the first is the market's thumbnail ------


def three_photos(tenant, listing):
    seller = tenant.user(Role.GLADIATOR)
    return [services.add_photo(listing, actor=seller, upload=png(f"{name}.png")) for name in ("a", "b", "c")]


def order_of(listing):
    return list(ListingPhoto.objects.filter(listing=listing).order_by("position", "id").values_list("pk", flat=True))


def test_the_seller_moves_a_photo_earlier_and_it_becomes_the_thumbnail(tenant_a, tenant_b, login):
    listing = make_listing(tenant_a, "K2 line array")
    a, b, c = three_photos(tenant_a, listing)
    seller = login(tenant_a.user(Role.GLADIATOR))
    page = seller.get(f"/marketplace/listing/{listing.pk}/").content.decode()
    assert page.count('data-testid="photo-move"') == 3
    move = f"/marketplace/listing/{listing.pk}/photos/{b.pk}/move/"
    # Without JavaScript: a plain form post, back to the listing.
    response = seller.post(move, {"direction": "earlier"})
    assert response.status_code == 302 and response.url == f"/marketplace/listing/{listing.pk}/"
    assert order_of(listing) == [b.pk, a.pk, c.pk]
    # With htmx: the photo manager comes back in its new order.
    swapped = seller.post(
        f"/marketplace/listing/{listing.pk}/photos/{a.pk}/move/", {"direction": "later"}, HTTP_HX_REQUEST="true"
    )
    assert swapped.status_code == 200, swapped.content.decode()[:3000]
    assert 'id="listing-photos"' in swapped.content.decode()
    assert order_of(listing) == [b.pk, c.pk, a.pk]
    # At the edge nothing moves; a direction that is none is refused.
    assert (
        seller.post(f"/marketplace/listing/{listing.pk}/photos/{a.pk}/move/", {"direction": "later"}).status_code == 302
    )
    bad = seller.post(move, {"direction": "sideways"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and "earlier or later" in bad.content.decode()
    assert order_of(listing) == [b.pk, c.pk, a.pk]
    market = login(tenant_b.user(Role.GLADIATOR)).get("/marketplace/").content.decode()
    assert f'src="/marketplace/listing/{listing.pk}/photos/{b.pk}/"' in market  # the new first is the thumbnail


def test_only_the_sellers_workspace_reorders_photos(tenant_a, tenant_b, login):
    listing = make_listing(tenant_a)  # published: every organization reads it
    a, b, c = three_photos(tenant_a, listing)
    move = f"/marketplace/listing/{listing.pk}/photos/{c.pk}/move/"
    api = f"/api/marketplace/listings/{listing.pk}/reorder-photos/"
    body = {"order": [c.pk, b.pk, a.pk]}
    # In the organization, a role that may not edit the listing: 403 (the API's in JSON), and no buttons.
    deviator = login(tenant_a.user(Role.DEVIATOR))
    assert 'data-testid="photo-move"' not in deviator.get(f"/marketplace/listing/{listing.pk}/").content.decode()
    assert deviator.post(move, {"direction": "earlier"}).status_code == 403
    refused = deviator.post(api, body, content_type="application/json")
    assert refused.status_code == 403 and "detail" in refused.json()
    # Another organization: the photo manager is not found, though the listing is readable.
    outsider = login(tenant_b.user(Role.GLADIATOR))
    assert outsider.post(move, {"direction": "earlier"}).status_code == 404
    gone = outsider.post(api, body, content_type="application/json")
    assert gone.status_code == 404 and "detail" in gone.json()
    assert order_of(listing) == [a.pk, b.pk, c.pk]


def test_the_api_takes_the_photo_ids_in_their_new_order(tenant_a, login):
    listing = make_listing(tenant_a, status="draft")
    a, b, c = three_photos(tenant_a, listing)
    other = three_photos(tenant_a, make_listing(tenant_a, "Other"))[0]
    api = f"/api/marketplace/listings/{listing.pk}/reorder-photos/"
    seller = login(tenant_a.user(Role.GLADIATOR))
    done = seller.post(api, {"order": [c.pk, a.pk, b.pk]}, content_type="application/json")
    assert done.status_code == 200, done.json()
    assert [(row["id"], row["position"]) for row in done.json()] == [(c.pk, 0), (a.pk, 1), (b.pk, 2)]
    assert [row["id"] for row in seller.get(f"/api/marketplace/listings/{listing.pk}/photos/").json()] == [
        c.pk,
        a.pk,
        b.pk,
    ]
    # Each photo once, all of them, none of another listing's.
    for order in ([c.pk, a.pk], [c.pk, a.pk, b.pk, b.pk], [c.pk, a.pk, other.pk], ["x"]):
        bad = seller.post(api, {"order": order}, content_type="application/json")
        assert bad.status_code == 400 and "detail" in bad.json(), order
    assert order_of(listing) == [c.pk, a.pk, b.pk]
