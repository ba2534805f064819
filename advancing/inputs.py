"""The checks an advance's input passes before anything is written: its lines (name, unit, amounts,
procurement), its header, the production and show day it names, its currency. Each refusal is an
`AdvanceInvalid` naming what was wrong; `services` calls these, as do templates and share links."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from events.models import Event
from productions.models import Production

from .errors import AdvanceInvalid
from .models import AdvanceItem, Procurement

# A number as callers hand it over (a form's Decimal, an API's string); amount() checks it.
Amount = Decimal | int | str

CENT = Decimal("0.01")
# Largest values the columns hold: numeric(10,2) quantities, (12,2) unit costs, (14,2) totals.
MAX_QUANTITY = Decimal("99999999.99")
MAX_UNIT_COST = Decimal("9999999999.99")
MAX_TOTAL = Decimal("999999999999.99")


def build_line(raw, position):
    catalog = raw.get("catalog_item")
    if catalog is not None and not catalog.enabled:
        raise AdvanceInvalid(
            _("Line %(n)s: %(item)s is no longer offered in the catalog.") % {"n": position, "item": catalog.name}
        )
    name = (raw.get("name") or (catalog.name if catalog else "")).strip()
    label = _("Line %(n)s (%(name)s)") % {"n": position, "name": name} if name else _("Line %(n)s") % {"n": position}
    unit = (raw.get("unit") or (catalog.standard_unit if catalog else "")).strip()
    if not name or not unit:
        raise AdvanceInvalid(
            _("%(line)s: give the item a name and a unit, or pick it from the catalog.") % {"line": label}
        )
    if len(name) > 200 or len(unit) > 40:
        raise AdvanceInvalid(_("%(line)s: the name (200) or unit (40 characters) is too long.") % {"line": label})
    quantity = amount(raw.get("quantity"), _("%(line)s: the quantity") % {"line": label}, MAX_QUANTITY)
    if quantity <= 0:
        raise AdvanceInvalid(_("%(line)s: the quantity must be more than 0.") % {"line": label})
    unit_cost = amount(raw.get("unit_cost") or 0, _("%(line)s: the unit cost") % {"line": label}, MAX_UNIT_COST)
    total = (quantity * unit_cost).quantize(CENT)
    if total > MAX_TOTAL:
        raise AdvanceInvalid(_("%(line)s: the line total is more than this system can record.") % {"line": label})
    return AdvanceItem(
        catalog_item=catalog,
        name=name,
        description=(raw.get("description") or "").strip(),
        quantity=quantity,
        unit=unit,
        unit_cost=unit_cost,
        total_cost=total,
        notes=(raw.get("notes") or "").strip(),
        procurement=procurement(raw.get("procurement"), label),
        position=position,
    )


def procurement(value, label):
    """ "buy" / "hire" marks a line finance drafts a purchase order for; empty means from stock."""
    value = (value or "").strip().lower()
    if value not in Procurement.values:
        raise AdvanceInvalid(_("%(line)s: say whether it is to buy, to hire, or from stock.") % {"line": label})
    return value


def amount(value, label, maximum):
    """A non-negative Decimal with at most two decimals, or AdvanceInvalid naming what was wrong."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise AdvanceInvalid(_("%(what)s must be a number.") % {"what": label}) from None
    if not amount.is_finite():
        raise AdvanceInvalid(_("%(what)s must be a number.") % {"what": label})
    if amount < 0:
        raise AdvanceInvalid(_("%(what)s cannot be negative.") % {"what": label})
    if amount > maximum:
        raise AdvanceInvalid(
            _("%(what)s is larger than this system can record (%(max)s).") % {"what": label, "max": fmt(maximum)}
        )
    if amount != amount.quantize(CENT):
        raise AdvanceInvalid(_("%(what)s takes at most two decimals.") % {"what": label})
    return amount.quantize(CENT)


def header(*, team_workspace, activation_name):
    header = {"team_workspace": (team_workspace or "").strip(), "activation_name": (activation_name or "").strip()}
    names = {"team_workspace": _("team / workspace label"), "activation_name": _("activation name")}
    for field, value in header.items():
        if len(value) > 200:
            raise AdvanceInvalid(_("The %(field)s takes at most 200 characters.") % {"field": names[field]})
    return header


def check_production(actor, workspace, production):
    if production is None:
        return
    visible = Production.objects.visible_to(actor).filter(pk=production.pk).exists()
    if production.workspace_id != workspace.pk or not visible:
        raise AdvanceInvalid(_("Pick a production of this workspace that you can see."))


def check_event(actor, workspace, production, event):
    """The show day is an event of the advance's workspace (and of its production, when it has one)
    that the actor may see; anything else is refused before anything is written."""
    if event is None:
        return
    visible = Event.objects.visible_to(actor).filter(pk=event.pk).exists()
    of_production = production is None or event.production_id == production.pk
    if event.workspace_id != workspace.pk or not of_production or not visible:
        raise AdvanceInvalid(_("Pick a show day of this workspace and of the advance's production that you can see."))


def currency(code):
    code = (code or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise AdvanceInvalid(_("Use a three-letter currency code, such as USD or EUR."))
    return code


def fmt(amount: Amount) -> str:
    """8.00 → "8", 2.50 → "2.5": quantities as a person writes them."""
    return format(Decimal(amount).normalize(), "f")
