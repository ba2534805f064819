"""An organization's surplus asset goes to the marketplace from the asset's page: the "List on the
marketplace" button (plugged into the assets page by the marketplace) shows to those who may create
listings and opens the marketplace's "list one of our assets" page with the asset chosen."""

import pytest

from assets.tests.helpers import make_asset
from dragonfly.tenancy.roles import Role
from marketplace.models import Listing

pytestmark = pytest.mark.django_db


def test_a_seller_lists_a_surplus_asset_from_its_page(tenant_a, login):
    asset = make_asset(tenant_a.workspace, tag="LX-7", name="Spare hazer")
    other = make_asset(tenant_a.workspace, tag="LX-8", name="Fog machine")
    ws = f"{tenant_a.org.slug}/{tenant_a.workspace.slug}"
    client = login(tenant_a.user(Role.GLADIATOR))
    page = client.get(f"/assets/asset/{asset.pk}/").content.decode()
    link = f"/marketplace/w/{ws}/listings/from-asset/?asset={asset.pk}"
    assert 'data-testid="asset-action-marketplace"' in page and f'href="{link}"' in page
    assert "List on the marketplace" in page
    form = client.get(link)
    assert form.status_code == 200
    chosen = form.context["form"]["asset"]
    assert chosen.value() == asset.pk and f'<option value="{asset.pk}" selected>' in form.content.decode()
    assert str(other.pk) != str(chosen.value())
    response = client.post(link, {"asset": asset.pk, "price": "80", "kind": "sale"})
    listing = Listing.objects.get()
    assert response.status_code == 302 and response.url == f"/marketplace/listing/{listing.pk}/edit/"
    assert (listing.asset, listing.title, listing.status) == (asset, "Spare hazer", "draft")


def test_the_button_is_only_for_those_who_may_list_and_another_organization_sees_nothing(tenant_a, tenant_b, login):
    asset = make_asset(tenant_a.workspace, name="Spare hazer")
    ws = f"{tenant_a.org.slug}/{tenant_a.workspace.slug}"
    deviator = login(tenant_a.user(Role.DEVIATOR))
    page = deviator.get(f"/assets/asset/{asset.pk}/")
    assert page.status_code == 200 and "asset-action-marketplace" not in page.content.decode()
    assert deviator.get(f"/marketplace/w/{ws}/listings/from-asset/?asset={asset.pk}").status_code == 403

    outsider = login(tenant_b.user(Role.GLADIATOR))
    assert outsider.get(f"/assets/asset/{asset.pk}/").status_code == 404
    own_ws = f"{tenant_b.org.slug}/{tenant_b.workspace.slug}"
    # Another organization's asset named in the link is not offered (nothing chosen, and refused on save).
    form = outsider.get(f"/marketplace/w/{own_ws}/listings/from-asset/?asset={asset.pk}")
    assert form.status_code == 200 and form.context["form"]["asset"].value() is None
    assert "Spare hazer" not in form.content.decode()
    response = outsider.post(
        f"/marketplace/w/{own_ws}/listings/from-asset/", {"asset": asset.pk, "price": "1", "kind": "sale"}
    )
    assert response.status_code == 400 and not Listing.objects.exists()
    assert outsider.get(f"/marketplace/w/{ws}/listings/from-asset/?asset={asset.pk}").status_code == 404
