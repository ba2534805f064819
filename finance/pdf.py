"""The PDF of a purchase order, for sending to the vendor (reportlab, drawn in memory)."""

import io
from xml.sax.saxutils import escape  # nosec B406 # escapes text for reportlab's markup; parses no XML

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dragonfly.core.formatting import money
from dragonfly.tenancy.access import display_name

from .models import PurchaseOrderStatus
from .money import fmt_rate


def _p(text, style):
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def purchase_order_pdf(po):
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Purchase order %(number)s") % {"number": po.number},
        author=po.organization.name,
    )
    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)
    story = [
        _p(po.organization.name, styles["Title"]),
        _p(_("Purchase order %(number)s") % {"number": po.number}, styles["Heading2"]),
        _p(
            _("Status: %(status)s · Issued %(date)s")
            % {"status": po.get_status_display(), "date": format(timezone.localdate(), "%d %b %Y")}
            + (
                " · " + _("Delivery expected %(date)s") % {"date": format(po.expected_on, "%d %b %Y")}
                if po.expected_on
                else ""
            ),
            body,
        ),
        Spacer(1, 6 * mm),
    ]
    vendor = po.vendor
    to = (
        [
            vendor.name,
            vendor.address,
            vendor.email,
            _("Tax id: %(tax_id)s") % {"tax_id": vendor.tax_id} if vendor.tax_id else "",
        ]
        if vendor
        else [_("Vendor to be chosen")]
    )
    ship = [po.production.name if po.production_id else po.workspace.name, po.delivery_address]
    header = Table(
        [
            [_p(_("Vendor"), styles["Heading4"]), _p(_("Deliver to"), styles["Heading4"])],
            [_p("\n".join(x for x in to if x), body), _p("\n".join(x for x in ship if x), body)],
        ],
        colWidths=[85 * mm, 85 * mm],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [header, Spacer(1, 6 * mm)]
    rows = [["#", _("Description"), _("Qty"), _("Unit"), _("Unit price"), _("Tax %"), _("Net")]]
    for n, line in enumerate(po.lines.all(), start=1):
        rows.append(
            [
                str(n),
                _p(line.description, body),
                f"{line.quantity:,.2f}",
                _p(line.unit, small),
                money(line.unit_price),
                fmt_rate(line.tax_rate),
                money(line.amount),
            ]
        )
    rows += [
        ["", "", "", "", "", _("Net"), money(po.subtotal, po.currency)],
        ["", "", "", "", "", _("Tax"), money(po.tax_amount, po.currency)],
        ["", "", "", "", "", _("Total"), money(po.total, po.currency)],
    ]
    table = Table(rows, colWidths=[8 * mm, 62 * mm, 16 * mm, 20 * mm, 24 * mm, 14 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f3f5")),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("ALIGN", (3, 0), (3, -1), "LEFT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -4), 0.25, colors.HexColor("#dee2e6")),
                ("FONTNAME", (5, -1), (-1, -1), "Helvetica-Bold"),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    if po.terms:
        story += [_p(_("Terms"), styles["Heading4"]), _p(po.terms, body)]
    approvers = ", ".join(display_name(a.approver) for a in po.approvals.select_related("approver"))
    if approvers:
        # An order waiting for its second approver must not read as approved.
        said = (
            _("Approvals so far: %(names)s.")
            if po.status == PurchaseOrderStatus.PENDING_APPROVAL
            else _("Approved by %(names)s.")
        )
        story += [Spacer(1, 4 * mm), _p(said % {"names": approvers}, small)]
    story += [Spacer(1, 4 * mm), _p(_("Please quote %(number)s on your invoice.") % {"number": po.number}, small)]
    doc.build(story)
    return buffer.getvalue()
