"""The demo market shows its listings with a photo each; a second run adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from marketplace.models import Listing, ListingPhoto

pytestmark = pytest.mark.django_db


def test_demo_listings_carry_a_photo_and_a_second_run_adds_nothing(client, seeded_demo):
    counts = (Listing.objects.count(), ListingPhoto.objects.count())
    assert counts[0] == 4 and counts[1] == 4
    call_command("seed_marketplace_demo", stdout=io.StringIO())
    assert (Listing.objects.count(), ListingPhoto.objects.count()) == counts
    photo = ListingPhoto.objects.select_related("image").filter(listing__status="published").first()
    assert photo.image.content_type_detected == "image/jpeg" and photo.image.bucket == "media"
    client.force_login(get_user_model().objects.get(username="bluewave-raider"))
    market = client.get("/marketplace/").content.decode()
    assert market.count('data-testid="listing-thumb"') == 3  # the published ones; the draft stays home
    response = client.get(f"/marketplace/listing/{photo.listing_id}/photos/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
