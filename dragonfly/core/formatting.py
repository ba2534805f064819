"""How amounts read on every page: the module template filters register these.

Numbers follow the reader's language (the active one, UserLanguageMiddleware): grouping, decimal mark
and where the currency stands come from Babel's CLDR data ("USD 1,234.50" in English,
"1.234,50 USD" in German). The currency is named by its ISO code, not a symbol: one organization
budgets in several currencies side by side, and "$" alone would not say which dollar.
CSV exports never pass through here: they keep machine-readable numbers (csv_export)."""

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import format_decimal
from django.utils import translation
from django.utils.translation import gettext as _

DASH = "—"


def duration(delta):
    """A length of time in hours and minutes ("2 h 15 min"), as a clash's gap or an outage reads."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    return _("%(hours)s h") % {"hours": hours} if hours else _("%(minutes)s min") % {"minutes": rest}


def _decimal(value):
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


@lru_cache(maxsize=16)
def _locale(language):
    return Locale.parse((language or "en").replace("-", "_"))


def _reader_locale():
    return _locale(translation.get_language() or "en")


def money(value, currency=""):
    """`1234.5|money:"EUR"` → "EUR 1,234.50" (en), "1.234,50 EUR" (de); empty values show as a dash."""
    if value is None or value == "":
        return DASH
    amount = _decimal(value)
    if amount is None:
        return value
    locale = _reader_locale()
    number = format_decimal(amount, format="#,##0.00", locale=locale)
    if not currency:
        return number
    # The locale's currency pattern says whether the currency leads ("¤#,##0.00") or follows.
    leads = locale.currency_formats["standard"].pattern.lstrip("-").startswith("¤")
    return f"{currency} {number}" if leads else f"{number} {currency}"


def quantity(value):
    """Quantities without trailing zeros: 2.00 → 2, 2.50 → 2.5 (2,5 in German)."""
    if value is None or value == "":
        return DASH
    amount = _decimal(value)
    if amount is None:
        return value
    return format_decimal(amount, format="#,##0.##", locale=_reader_locale())
