"""The venue pages (in the Events section): a production manager adds a venue and a stage inside
it, uploads a floor plan, edits the venue; the venue's page shows what is booked there."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dragonfly.tenancy.roles import Role
from events.models import Event
from locations.models import Location

from .helpers import make_location, make_space

pytestmark = pytest.mark.django_db
R = Role


def ws_url(tenant, suffix=""):
    return f"/events/w/{tenant.org.slug}/{tenant.workspace.slug}/{suffix}"


def test_venues_spaces_and_site_documents(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    response = client.post(
        ws_url(tenant_a, "venues/new/"),
        {
            "name": "Harbor Field",
            "kind": "field",
            "timezone": "America/New_York",
            "city": "Boston",
            "latitude": "42.35",
            "longitude": "-71.04",
        },
    )
    assert response.status_code == 302
    field = Location.objects.get()
    assert response["Location"] == f"/events/venue/{field.pk}/" == reverse("locations:detail", args=[field.pk])
    response = client.post(
        ws_url(tenant_a, "venues/new/"),
        {"name": "Main Stage", "kind": "stage", "parent": field.pk, "timezone": "America/New_York"},
    )
    assert response.status_code == 302
    png = SimpleUploadedFile("site-plan.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    # The venue's files panel (the core's) attaches the plan to the venue.
    attach = reverse("files:attach", args=[ContentType.objects.get_for_model(Location).pk, field.pk])
    response = client.post(attach, {"file": png, "bucket": "technical-drawings", "next": f"/events/venue/{field.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/events/venue/{field.pk}/"
    page = client.get(f"/events/venue/{field.pk}/").content.decode()
    assert "site-plan.png" in page and "Main Stage" in page
    listing = client.get(ws_url(tenant_a, "venues/"))
    assert listing.status_code == 200
    assert {row.name for row in listing.context["page"].object_list} == {"Harbor Field", "Main Stage"}
    assert reverse("locations:list", args=[tenant_a.org.slug, tenant_a.workspace.slug]) == ws_url(tenant_a, "venues/")


def test_editing_a_venue_and_the_rules_the_form_shows(tenant_a, login):
    venue = make_location(tenant_a, "Columbiahalle", tz="Europe/Berlin")
    stage = make_space(venue)
    client = login(tenant_a.user(R.GLADIATOR))
    url = reverse("locations:edit", args=[venue.pk])
    form = client.get(url)
    assert form.status_code == 200 and form.context["form"]["name"].value() == "Columbiahalle"
    assert venue not in form.context["form"].fields["parent"].queryset  # never inside itself
    response = client.post(url, {"name": "Columbiahalle Berlin", "kind": "club", "timezone": "Europe/Berlin"})
    assert response.status_code == 302 and response["Location"] == reverse("locations:detail", args=[venue.pk])
    venue.refresh_from_db()
    assert (venue.name, venue.kind) == ("Columbiahalle Berlin", "club")
    # a venue with spaces of its own cannot become a space: the refusal is a form error, nothing saved
    other = make_location(tenant_a, "Tempodrom", tz="Europe/Berlin")
    response = client.post(
        url, {"name": "Columbiahalle Berlin", "kind": "club", "timezone": "Europe/Berlin", "parent": other.pk}
    )
    assert response.status_code == 400 and "spaces of its own" in response.content.decode()
    venue.refresh_from_db()
    assert venue.parent_id is None and stage.parent_id == venue.pk


def test_the_venue_page_lists_what_is_booked_there_and_in_its_spaces(tenant_a, login):
    venue = make_location(tenant_a, "Harbor Field")
    stage = make_space(venue, "Riverside Stage")
    start = timezone.now() + datetime.timedelta(days=3)
    for title, where in (("Headline set", stage), ("Gates open", venue)):
        Event.objects.create(
            workspace=tenant_a.workspace,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            location=where,
            timezone=venue.timezone,
        )
    page = login(tenant_a.user(R.DEVIATOR)).get(reverse("locations:detail", args=[venue.pk])).content.decode()
    assert 'data-testid="venue-bookings"' in page
    assert "Headline set" in page and "Gates open" in page and "Riverside Stage" in page


def test_who_may_not_add_or_edit_is_refused(tenant_a, login):
    venue = make_location(tenant_a)
    client = login(tenant_a.user(R.NAVIGATOR))  # reads venues, does not change them
    assert client.get(reverse("locations:detail", args=[venue.pk])).status_code == 200
    assert client.get(ws_url(tenant_a, "venues/new/")).status_code == 403
    assert client.post(reverse("locations:edit", args=[venue.pk]), {"name": "x"}).status_code == 403
    assert Location.objects.get().name == "Madison Square Garden"


def test_a_bad_filter_is_a_400_with_no_rows(tenant_a, login):
    make_location(tenant_a)
    response = login(tenant_a.user(R.GLADIATOR)).get(ws_url(tenant_a, "venues/"), {"kind": "castle"})
    assert response.status_code == 400 and not response.context["page"].object_list


def test_a_second_venue_of_the_same_name_is_added_with_a_warning(tenant_a, login):
    client = login(tenant_a.user(R.GLADIATOR))
    venue = {"name": "Town Hall", "kind": "theatre", "timezone": "Europe/London", "city": "Leeds"}
    first = client.post(ws_url(tenant_a, "venues/new/"), venue, follow=True).content.decode()
    assert "already" not in first
    second = client.post(ws_url(tenant_a, "venues/new/"), {**venue, "city": "York"}, follow=True).content.decode()
    assert Location.objects.filter(name="Town Hall").count() == 2
    assert "Another venue in this workspace is also named “Town Hall” (Leeds)" in second
