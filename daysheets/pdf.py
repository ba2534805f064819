"""The PDF of a day sheet (reportlab, drawn in memory): the page's sections, for printing or a
phone's files app. Event-bound times read in the venue's zone, labelled, as on the page."""

import io
from xml.sax.saxutils import escape  # nosec B406 # escapes text for reportlab's markup; parses no XML

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dragonfly.tenancy.access import display_name, venue_time

WIDTH = 174 * mm


def _p(text, style):
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _table(rows, widths, body, header=True):
    table = Table([[_p(cell, body) for cell in row] for row in rows], colWidths=widths, repeatRows=int(header))
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.grey))
    table.setStyle(TableStyle(style))
    return table


def _advance_lines(lines, body):
    rows = [[_("Line"), _("Quantity"), _("Fulfilment"), _("Advance")]]
    rows += [
        [
            line.name,
            f"{line.quantity_fulfilled:g} / {line.quantity_to_fulfil:g} {line.unit}",
            line.get_fulfilment_status_display(),
            f"#{line.advance_id} {line.advance.activation_name} · {line.advance.get_status_display()}".strip(),
        ]
        for line in lines
    ]
    return _table(rows, [66 * mm, 36 * mm, 26 * mm, 46 * mm], body)


def day_sheet_pdf(sheet):
    buffer = io.BytesIO()
    title = _("Day sheet: %(production)s, %(day)s") % {
        "production": sheet.production.name,
        "day": date_format(sheet.day, "l j F Y"),
    }
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author=sheet.workspace.organization.name,
    )
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("sheet", fontSize=9, leading=11)
    h2, h3 = styles["Heading2"], styles["Heading3"]
    story = [_p(title, styles["Title"])]
    if sheet.my_calls:
        mine = "; ".join(
            _("%(title)s at %(time)s") % {"title": c.event.title, "time": venue_time(c.call_time, c.event, "H:i")}
            for c in sheet.my_calls
        )
        story.append(_p(_("Your call: %(calls)s") % {"calls": mine}, body))

    story.append(_p(_("Schedule"), h2))
    for item in sheet.events:
        event = item.event
        story.append(
            _p(
                f"{event.title} · {venue_time(event.starts_at, event, 'H:i', label=False)}–"
                f"{venue_time(event.ends_at, event, 'H:i')} · {event.get_kind_display()}",
                h3,
            )
        )
        if event.location_id:
            story.append(_p(str(event.location), body))
        if item.cues:
            rows = [[_("Time"), _("Cue"), _("Owner")]]
            rows += [[venue_time(s.starts_at, event, "H:i", label=False), s.cue.item, s.cue.owner] for s in item.cues]
            story.append(_table(rows, [22 * mm, 100 * mm, 52 * mm], body))
        story.append(Spacer(1, 2 * mm))
        if item.calls:
            story.append(_p(_("Crew calls") if item.can_view_crew else _("Your call"), styles["Heading4"]))
            rows = [[_("Call"), _("Person"), _("Role"), _("Where")]]
            rows += [
                [
                    venue_time(c.call_time, event, "H:i"),
                    display_name(c.user),
                    c.role_title,
                    c.zone.name if c.zone_id and c.zone else "",
                ]
                for c in item.calls
            ]
            story.append(_table(rows, [26 * mm, 56 * mm, 50 * mm, 42 * mm], body))
        story.append(Spacer(1, 3 * mm))

    for venue in sheet.venues:
        story.append(_p(_("Venue: %(name)s") % {"name": venue.location}, h2))
        facts = [(_("Address"), ", ".join(x for x in (venue.address, venue.city) if x))]
        if venue.details:
            facts += [
                (_("Load-in"), venue.loading_dock),
                (_("Parking"), venue.parking),
                (_("Power"), venue.power),
                (_("Venue contacts"), "\n".join(venue.contacts)),
            ]
        rows = [[label, value] for label, value in facts if value]
        if rows:
            story.append(_table(rows, [36 * mm, 138 * mm], body, header=False))

    if sheet.sees_advances:
        story.append(_p(_("Advances"), h2))
        if sheet.advance_counts:
            story.append(_p(" · ".join(f"{label}: {count}" for _s, label, count in sheet.advance_counts), body))
            story.append(_p(_("For this day"), h3))
            if sheet.day_lines:
                story.append(_advance_lines(sheet.day_lines, body))
            else:
                story.append(_p(_("No advance names one of this day's events."), body))
            if sheet.production_lines:
                story.append(_p(_("For the whole production"), h3))
                story.append(_advance_lines(sheet.production_lines, body))
        else:
            story.append(_p(_("No advances you can see for this day or the whole production."), body))

    if sheet.travel_lines:
        story.append(_p(_("Hotel and travel"), h2))
        rows = [[_("Line"), _("Category"), _("Quantity"), _("Notes")]]
        rows += [
            [line.name, line.catalog_item.category, f"{line.quantity_to_fulfil:g} {line.unit}", line.notes]
            for line in sheet.travel_lines
        ]
        story.append(_table(rows, [70 * mm, 34 * mm, 30 * mm, 40 * mm], body))

    story.append(_p(_("Contacts"), h2))
    contacts = []
    if sheet.manager:
        contacts.append([_("Production manager"), f"{display_name(sheet.manager)} {sheet.manager.email}".strip()])
    for venue in sheet.venues:
        if venue.details and venue.contacts:
            contacts.append([str(venue.location), "\n".join(venue.contacts)])
    if contacts:
        story.append(_table(contacts, [50 * mm, 124 * mm], body, header=False))
    doc.build(story)
    return buffer.getvalue()
