"""The vendor-routing demo data comes with seed_demo: preferred vendors per category (one at a venue)
and an approved advance routed to their draft orders at the agreement rates, one line unrouted;
a second run adds nothing."""

import io

from django.core.management import call_command

from advancing.models import Advance
from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role
from finance.models import PreferredVendor, PurchaseOrder
from finance.services import routing


def test_routing_demo_data_is_made_once_with_routed_drafts_and_an_unrouted_line(seeded_demo):
    counts = (PreferredVendor.objects.count(), PurchaseOrder.objects.count())
    call_command("seed_routing_demo", stdout=io.StringIO())
    assert (PreferredVendor.objects.count(), PurchaseOrder.objects.count()) == counts
    assert PreferredVendor.objects.filter(venue__isnull=False).exists()
    advance = Advance.objects.filter(activation_name="Vendor routing demo").order_by("id").first()
    assert advance is not None and advance.status == "approved"
    view = routing.advance_routing(advance, member_with_role(advance.workspace, Role.GLADIATOR))
    assert {po.vendor.name for po in view.drafts} == {"Stage Sound Ltd", "Crewforce Staffing", "Green Room Catering"}
    priced = [li.agreement_priced for po in view.drafts for li in po.lines.all()]
    assert any(priced) and not all(priced)  # agreement rates, and one line at its estimate
    assert [item.name for item in view.unrouted] == ["Backstage pass lanyards"]
    assert PurchaseOrder.objects.filter(advance=advance, vendor=None).count() == 1
