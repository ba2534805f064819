"""Accreditation: a badge per person on an event with the venue zones they may enter, and its PDF
(reportlab, drawn in memory: one A6 badge a page, with the person's name, role, event, zones and a
QR code of a signed badge token)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from dragonfly.activity.services import record_activity
from dragonfly.tenancy.access import require
from locations.models import Zone

from .errors import GuestInvalid
from .models import MANAGE_PERM, Accreditation, AccreditationKind, GuestRequest

if TYPE_CHECKING:
    from events.models import Event

BADGE_SALT = "guests.badge"
ACCREDITATION_FIELDS = ["name", "role", "kind", "user", "guest", "zones"]


def venue_zones(event: Event) -> Any:
    """The zones of the event's venue (its site maps', or its parent site's), what a badge's access is made of."""
    location = event.location
    if location is None:
        return Zone.objects.none()
    # A stage's event uses its site's map: the zones of the venue and of the venue it stands in.
    places = [pk for pk in (location.pk, location.parent_id) if pk is not None]
    return Zone.objects.filter(site_map__location_id__in=places).order_by("name", "id")


def _clean(event: Event, *, name: str, kind: str, zones: Iterable[Zone], guest: GuestRequest | None) -> list[Zone]:
    if not (name or "").strip():
        raise GuestInvalid(_("Give the name the badge is for."))
    if kind not in AccreditationKind.values:
        raise GuestInvalid(_("Choose a kind of badge."))
    zones = list(zones)
    allowed = set(venue_zones(event).values_list("pk", flat=True))
    if any(z.pk not in allowed for z in zones):
        # Not named: an id sent to the API may be any zone, even another organization's.
        raise GuestInvalid(_("Choose only zones of the event's venue."))
    if guest is not None and guest.event_id != event.pk:
        raise GuestInvalid(_("Choose a guest of this event."))
    return zones


def accredit(
    *,
    actor: Any,
    event: Event,
    name: str,
    role: str = "",
    kind: str = AccreditationKind.CREW,
    zones: Iterable[Zone] = (),
    user: Any = None,
    guest: GuestRequest | None = None,
) -> Accreditation:
    """A badge for one person on `event`, giving access to `zones` of its venue."""
    require(actor, MANAGE_PERM, event, _("Your role does not accredit people for this event."))
    chosen = _clean(event, name=name, kind=kind, zones=zones, guest=guest)
    with transaction.atomic():
        badge = Accreditation.objects.create(
            event=event, name=name.strip(), role=role or "", kind=kind, user=user, guest=guest, created_by=actor
        )
        badge.zones.set(chosen)
        record_activity(badge, actor=actor, verb="accreditation.created", workspace=event.workspace)
    return badge


def update_accreditation(badge: Accreditation, *, actor: Any, **fields: Any) -> Accreditation:
    event = badge.event
    require(actor, MANAGE_PERM, event, _("Your role does not accredit people for this event."))
    zones = fields.pop("zones", None)
    for name, value in fields.items():
        if name in ACCREDITATION_FIELDS:
            setattr(badge, name, value)
    chosen = _clean(
        event,
        name=badge.name,
        kind=badge.kind,
        zones=badge.zones.all() if zones is None else zones,
        guest=badge.guest,
    )
    with transaction.atomic():
        badge.name = badge.name.strip()
        badge.save()
        badge.zones.set(chosen)
        record_activity(badge, actor=actor, verb="accreditation.updated", workspace=event.workspace)
    return badge


def badge_token(badge: Accreditation) -> str:
    return signing.Signer(salt=BADGE_SALT).sign(f"B{badge.pk}.{badge.event_id}")


def badges_pdf(badges: Iterable[Accreditation], *, title: str) -> bytes:
    """The PDF of `badges`, one A6 page each (zones read from a prefetch of `zones`)."""
    buffer = io.BytesIO()
    # Uncompressed pages: a badge's words can be found in the file (tests read them, so can a search).
    pdf = canvas.Canvas(buffer, pagesize=A6, pageCompression=0)
    pdf.setTitle(title)
    width, height = A6
    drawn = 0
    for badge in badges:
        _draw_badge(pdf, badge, width, height)
        pdf.showPage()
        drawn += 1
    if not drawn:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(10 * mm, height - 20 * mm, _("No badges yet."))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _fit(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 8 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _draw_badge(pdf: canvas.Canvas, badge: Accreditation, width: float, height: float) -> None:
    margin = 8 * mm
    inner = width - 2 * margin
    event = badge.event
    # The band on top: the event and its date.
    pdf.setFillColorRGB(0.11, 0.16, 0.27)
    pdf.rect(0, height - 24 * mm, width, 24 * mm, stroke=0, fill=1)
    pdf.setFillColorRGB(1, 1, 1)
    size = _fit(pdf, event.title, "Helvetica-Bold", 14, inner)
    pdf.setFont("Helvetica-Bold", size)
    pdf.drawString(margin, height - 12 * mm, event.title)
    pdf.setFont("Helvetica", 9)
    pdf.drawString(margin, height - 18 * mm, date_format(event.local_start, "D j M Y"))
    # The person.
    pdf.setFillColorRGB(0, 0, 0)
    size = _fit(pdf, badge.name, "Helvetica-Bold", 20, inner)
    pdf.setFont("Helvetica-Bold", size)
    pdf.drawString(margin, height - 36 * mm, badge.name)
    pdf.setFont("Helvetica", 11)
    role = " · ".join(x for x in [badge.role, badge.get_kind_display()] if x)
    pdf.drawString(margin, height - 43 * mm, role)
    # The zones.
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(margin, height - 52 * mm, _("Access zones").upper())
    pdf.setFont("Helvetica", 11)
    y = height - 58 * mm
    zones = [z.name for z in badge.zones.all()]
    for name in zones or [_("No zones")]:
        pdf.drawString(margin, y, f"• {name}" if zones else name)
        y -= 5.5 * mm
        if y < 40 * mm:
            break
    # The QR code, bottom right.
    side = 30 * mm
    widget = QrCodeWidget(badge_token(badge))
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, width - margin - side, margin)
    pdf.setFont("Helvetica", 7)
    pdf.drawString(margin, margin, f"#{badge.pk} · {event.workspace.name}")
