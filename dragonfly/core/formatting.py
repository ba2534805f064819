"""How amounts read on every page: the module template filters register these."""

from decimal import Decimal, InvalidOperation

DASH = "—"


def _decimal(value):
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def money(value, currency=""):
    """`1234.5|money:"EUR"` → "EUR 1,234.50"; empty values show as a dash."""
    if value is None or value == "":
        return DASH
    amount = _decimal(value)
    if amount is None:
        return value
    return f"{currency} {amount:,.2f}".strip()


def quantity(value):
    """Quantities without trailing zeros: 2.00 → 2, 2.50 → 2.5."""
    if value is None or value == "":
        return DASH
    amount = _decimal(value)
    if amount is None:
        return value
    text = f"{amount:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
