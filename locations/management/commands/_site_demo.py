"""The demo's site operations, for seed_locations_demo: Harbor Field's and Madison Square Garden's
load-in details, a site map (a drawn plan) with pins and zones, utilities with a week of meter
readings, and two power outages (one over, one still going). Made through the locations services;
each step skips what exists."""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from dragonfly.tenancy.access import local_today
from locations import services
from locations.models import SiteMap, Utility

# venue name -> what to add
SITES = {
    "Harbor Field": {
        "load_in": {
            "loading_dock": "North gate only, 2 trucks at a time; hard standing behind Main Stage.",
            "power": "2 × 400 A 3-phase at Main Stage SL; 125 A at each tent.",
            "rigging_points": "Ground-supported roofs only; no flown points.",
            "parking": "Truck park on Pier Road (8 × 53 ft); crew cars in Lot C.",
        },
        "plan": "Festival site",
        "zones": [
            ("North Gate", "pin", [[0.5, 0.06]], "Load-in and crew entrance"),
            ("First aid", "pin", [[0.78, 0.62]], "Medical tent, 2 paramedics"),
            ("FOH", "pin", [[0.3, 0.55]], "Front of house mix position"),
            ("Main Stage", "area", services.rectangle(0.18, 0.14, 0.3, 0.2), ""),
            ("Artist village", "area", services.rectangle(0.62, 0.14, 0.26, 0.22), "Wristband B only"),
            ("Production compound", "area", services.rectangle(0.06, 0.72, 0.3, 0.2), ""),
        ],
        "utilities": [
            (
                "power",
                {"supplier": "Eversource (temporary supply)", "capacity": "2 × 400 A 3-phase", "meter_unit": "kWh"},
            ),
            ("water", {"supplier": "Boston Water and Sewer", "capacity": "2 standpipes, 50 mm", "meter_unit": "m³"}),
            ("internet", {"supplier": "Comcast Business", "capacity": "1 Gbit/s fibre + 4G backup"}),
            ("waste", {"supplier": "Republic Services", "capacity": "4 × 40 yd³ roll-offs"}),
        ],
    },
    "Madison Square Garden": {
        "load_in": {
            "loading_dock": "Truck ramp from W 33rd St to the 5th-floor dock; 45 min turnaround.",
            "power": "3 × 400 A 3-phase company switches, upstage right.",
            "rigging_points": "120 points over the floor, 1 t each; trim 26 m.",
            "parking": "No truck parking on site: stage at the Meadowlands lot.",
        },
        "plan": "Arena floor",
        "zones": [
            ("Truck ramp", "pin", [[0.92, 0.5]], "From W 33rd St"),
            ("Production office", "pin", [[0.1, 0.15]], ""),
            ("Stage", "area", services.rectangle(0.35, 0.08, 0.3, 0.2), ""),
            ("Floor", "area", services.rectangle(0.25, 0.35, 0.5, 0.45), "Standing, 4,000"),
        ],
        "utilities": [("power", {"supplier": "Con Edison", "capacity": "3 × 400 A 3-phase", "meter_unit": "kWh"})],
    },
}


def seed_site(location, *, actor):
    """Add what SITES says for `location`; returns how many rows were made."""
    site = SITES.get(location.name)
    if site is None or location.parent_id:
        return 0
    made = 0
    if not location.power:
        services.update_location(location, actor=actor, **site["load_in"])
        made += 1
    if "plan" in site and not SiteMap.objects.filter(location=location).exists():
        upload = _plan(site["plan"], arena=location.kind == "arena")
        site_map = services.add_site_map(location, actor=actor, name=site["plan"], upload=upload)
        for name, kind, points, notes in site["zones"]:
            services.add_zone(site_map, actor=actor, name=name, kind=kind, points=points, notes=notes)
        made += 1 + len(site["zones"])
    if not Utility.objects.filter(location=location).exists():
        for kind, fields in site["utilities"]:
            utility = services.add_utility(location, actor=actor, kind=kind, **fields)
            made += 1
            if kind == "power":
                made += _readings_and_outage(utility, actor, outage=location.name == "Harbor Field")
    return made


def _readings_and_outage(utility, actor, *, outage):
    today = local_today(utility.location.workspace)
    made = 0
    for days_ago, value in ((6, "18240.5"), (4, "18912.0"), (2, "19655.25"), (0, "20108.75")):
        services.record_reading(
            utility, actor=actor, read_on=today - datetime.timedelta(days=days_ago), value=Decimal(value)
        )
        made += 1
    if outage:
        started = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(days=3, hours=2)
        services.report_outage(
            utility,
            actor=actor,
            started_at=started,
            ended_at=started + datetime.timedelta(minutes=40),
            description="Main Stage distro tripped during line check; generator took the load after 40 min.",
        )
        # One still going, so the utility page shows an "Outage over" button.
        services.report_outage(
            utility,
            actor=actor,
            started_at=timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=45),
            description="Generator 2 down for service; the site runs on grid power alone until it is back.",
        )
        made += 2
    return made


def _plan(name, *, arena=False):
    """A drawn plan as a PNG: an arena's bowl, or a field's road, stage, village and compound."""
    image = Image.new("RGB", (1000, 640), "#eeeeee" if arena else "#d9ead3")
    draw = ImageDraw.Draw(image)
    if arena:
        draw.ellipse((120, 30, 880, 610), fill="#cfd8dc", outline="#455a64", width=8)  # the bowl
        draw.rectangle((350, 50, 650, 180), fill="#6d6d6d")  # stage
        draw.rectangle((250, 224, 750, 512), fill="#fff2cc")  # floor
        draw.rectangle((880, 290, 1000, 350), fill="#bdbdbd")  # truck ramp
        return _png(image, name)
    draw.rectangle((0, 0, 1000, 40), fill="#9e9e9e")  # Pier Road
    draw.rectangle((470, 0, 530, 90), fill="#bdbdbd")  # north gate
    draw.rectangle((180, 90, 480, 218), fill="#6d6d6d")  # main stage
    draw.rectangle((620, 90, 880, 230), fill="#f4cccc")  # artist village
    draw.rectangle((60, 460, 360, 590), fill="#cfe2f3")  # production compound
    draw.rectangle((280, 330, 320, 370), fill="#444444")  # FOH
    draw.ellipse((760, 380, 800, 420), fill="#e06666")  # first aid
    draw.rectangle((4, 4, 995, 635), outline="#274e13", width=6)
    return _png(image, name)


def _png(image, name):
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile(f"{name.lower().replace(' ', '-')}.png", out.getvalue(), content_type="image/png")
