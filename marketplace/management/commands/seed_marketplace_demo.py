"""Demo marketplace: Northstar's Aurora tour offers surplus gear and a rigging crew, Bluewave's Open Air
Weekend orders from it (one order completed and reviewed, one placed), and one listing waits as a draft.
Made through the marketplace services, each side acting as its Gladiator. Run by seed_demo; safe to run
twice."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from dragonfly.tenancy.roles import Role
from dragonfly.tenancy.seeding import member_with_role, seeded_workspaces
from marketplace import services
from marketplace.models import Listing

SELLER = ("northstar", "aurora-tour")
BUYER = ("bluewave", "open-air")

# title -> fields
LISTINGS = {
    "L-Acoustics K2 line array (12 boxes)": {
        "kind": "rent",
        "category": "audio",
        "price": Decimal("1800.00"),
        "unit": "per day",
        "stock": 2,
        "description": "Two hangs of six with rigging frames, amp racks and looms. From our Newark warehouse.",
        "status": "published",
    },
    "Moving head spot fixtures (used)": {
        "kind": "sale",
        "category": "lighting",
        "price": Decimal("950.00"),
        "unit": "per unit",
        "stock": 8,
        "description": "Surplus from the Aurora tour; serviced, lamps at under 300 h.",
        "status": "published",
    },
    "Rigging crew (4 riggers, 10 h call)": {
        "kind": "service",
        "category": "rigging",
        "price": Decimal("3200.00"),
        "unit": "per call",
        "stock": None,
        "description": "Certified head rigger and three up-riggers, with motors and a chain hoist kit.",
        "status": "published",
    },
    "Stage barricade (40 m)": {
        "kind": "rent",
        "category": "staging",
        "price": Decimal("400.00"),
        "unit": "per day",
        "stock": 1,
        "status": "draft",
    },
}


# A drawn picture per category (the demo ships no photographs): the colours of a lit stage.
COLOURS = {"audio": (46, 64, 120), "lighting": (120, 84, 20), "rigging": (60, 90, 70), "staging": (90, 60, 90)}


def demo_picture(category: str) -> SimpleUploadedFile:
    """A 640×480 JPEG: a stage under a truss with two beams, tinted by the listing's category."""
    from PIL import Image, ImageDraw

    red, green, blue = COLOURS.get(category, (70, 70, 80))
    image = Image.new("RGB", (640, 480), (red // 3, green // 3, blue // 3))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 360, 640, 480], fill=(red, green, blue))
    draw.rectangle([80, 80, 560, 94], fill=(190, 190, 200))
    for x in (213, 427):
        draw.polygon([(x - 18, 94), (x + 18, 94), (x + 90, 360), (x - 90, 360)], fill=(240, 222, 150))
        draw.rectangle([x - 20, 94, x + 20, 128], fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return SimpleUploadedFile(f"{category}.jpg", out.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Seed demo marketplace listings, orders and a review (safe to run twice)."

    def handle(self, *args, **options):
        seller_ws = seeded_workspaces([SELLER]).first()
        buyer_ws = seeded_workspaces([BUYER]).first()
        if seller_ws is None or buyer_ws is None:
            return
        seller = member_with_role(seller_ws, Role.GLADIATOR)
        buyer = member_with_role(buyer_ws, Role.GLADIATOR)
        if seller is None or buyer is None:
            return
        made = 0
        with transaction.atomic():
            listings = {}
            for title, fields in LISTINGS.items():
                listing = Listing.objects.filter(workspace=seller_ws, title=title).first()
                if listing is None:
                    listing = services.create_listing(actor=seller, workspace=seller_ws, title=title, **fields)
                    services.add_photo(listing, actor=seller, upload=demo_picture(listing.category))
                    made += 1
                    if listing.is_published:
                        listings[title] = listing
            if listings:
                # A first order that went all the way, and its review with the seller's reply.
                done = services.buy(
                    listings["Moving head spot fixtures (used)"], actor=buyer, buyer_workspace=buyer_ws, quantity=2
                )
                done = services.confirm_order(done, actor=seller)
                done = services.ship_order(done, actor=seller)
                done = services.complete_order(done, actor=buyer)
                review = services.review_order(done, actor=buyer, rating=5, text="Arrived clean and tested.")
                services.reply_to_review(review, actor=seller, reply="Thanks, enjoy the Open Air weekend!")
                # The rigging crew worked one weekend already (reviewed), and is booked for the next.
                crew = listings["Rigging crew (4 riggers, 10 h call)"]
                worked = services.buy(crew, actor=buyer, buyer_workspace=buyer_ws)
                for move in (services.confirm_order, services.ship_order, services.complete_order):
                    worked = move(worked, actor=seller)
                services.review_order(worked, actor=buyer, rating=4, text="On time and safe; one motor short.")
                services.buy(crew, actor=buyer, buyer_workspace=buyer_ws, note="Saturday load-in, 07:00.")
        self.stdout.write(f"Marketplace: {made} listings.")
