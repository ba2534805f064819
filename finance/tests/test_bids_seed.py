"""The procurement demo data comes with seed_demo: an open request with three bids, an awarded one
with its purchase order, agreements (one near its end) — and a second run adds nothing."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

from finance.models import Agreement, Bid, RequestForQuote


def test_procurement_demo_data_is_made_once_and_the_merchant_sees_theirs(seeded_demo):
    counts = (RequestForQuote.objects.count(), Bid.objects.count(), Agreement.objects.count())
    call_command("seed_bids_demo", stdout=io.StringIO())
    assert (RequestForQuote.objects.count(), Bid.objects.count(), Agreement.objects.count()) == counts
    # the procurement seed's own (the jobs seed publishes another for every organization, with one bid)
    opened = RequestForQuote.objects.filter(status="open", public_listing__isnull=True)
    assert opened.exists() and all(rfq.bids.count() == 3 for rfq in opened)
    awarded = RequestForQuote.objects.filter(status="awarded")
    assert awarded.exists() and all(rfq.purchase_order.lines.exists() for rfq in awarded)
    assert awarded.filter(advance__isnull=False).exists()
    merchant = get_user_model().objects.get(username="northstar-merchant")
    assert Bid.objects.visible_to(merchant).exists()
    assert set(Bid.objects.visible_to(merchant).values_list("company__name", flat=True)) == {"Stage Sound Ltd"}
    assert RequestForQuote.objects.visible_to(merchant).exists()
    assert Agreement.objects.visible_to(merchant).count() == 1
