"""Money is Decimal with two places, in the organization's currency; other currencies keep
their own code and an exchange rate a person entered (organization currency per unit)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import FinanceInvalid

if TYPE_CHECKING:
    from dragonfly.tenancy.models import Organization

# A number as forms, the API and the database hand it over (SQLite sums decimals as floats).
Number = Decimal | float | str

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ONE = Decimal("1")
HUNDRED = Decimal("100")
MAX_AMOUNT = Decimal("999999999999.99")  # numeric(14,2)
MAX_QUANTITY = Decimal("99999999.99")  # numeric(10,2)
MAX_RATE = Decimal("99999999.999999")  # numeric(14,6)
MAX_TAX_RATE = Decimal("100")
TAX_RATE_PLACES = 3  # numeric(6,3): 8.875 % (New York City sales tax) must fit

# A tax rate field of a form or a serializer: bounds in plain words; the decimals are checked by
# tax_rate() in the services, so the page and the API refuse 8.8751 with one message.
TAX_RATE_FIELD = {
    "max_digits": None,
    "decimal_places": None,
    "min_value": Decimal("0"),
    "max_value": MAX_TAX_RATE,
    "error_messages": {
        "invalid": gettext_lazy("Enter the tax rate as a number, such as 8.875."),
        "min_value": gettext_lazy("A tax rate cannot be negative; enter 0 for no tax."),
        "max_value": gettext_lazy("A tax rate is at most 100 %."),
    },
}


def cents(value: Number) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def to_base(amount: Number, rate: Number | None) -> Decimal:
    """An amount in the organization's currency: amount × rate, to the cent."""
    return cents(Decimal(amount) * Decimal(rate or ONE))


def _non_negative(value: Number | None, label: str) -> Decimal:
    """`value` as a finite Decimal of at least 0, or FinanceInvalid naming the field."""
    if value is None or value == "":
        raise FinanceInvalid(_("%(label)s is required.") % {"label": label})
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise FinanceInvalid(_("%(label)s must be a number.") % {"label": label}) from None
    if not number.is_finite():
        raise FinanceInvalid(_("%(label)s must be a number.") % {"label": label})
    if number < 0:
        raise FinanceInvalid(_("%(label)s cannot be negative.") % {"label": label})
    return number


def amount(
    value: Number | None, label: str, *, maximum: Decimal = MAX_AMOUNT, places: int = 2, allow_zero: bool = True
) -> Decimal:
    """A non-negative Decimal with at most `places` decimals, or FinanceInvalid naming the field."""
    number = _non_negative(value, label)
    if number == 0 and not allow_zero:
        raise FinanceInvalid(_("%(label)s must be more than 0.") % {"label": label})
    if number > maximum:
        raise FinanceInvalid(
            _("%(label)s is larger than this system can record (at most %(maximum)s).")
            % {"label": label, "maximum": format(maximum, ",")}
        )
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step):
        raise FinanceInvalid(_("%(label)s takes at most %(places)s decimals.") % {"label": label, "places": places})
    return number.quantize(step)


def tax_rate(value: Number | None, label: str) -> Decimal:
    """A line's tax rate in percent (empty: no tax), at most TAX_RATE_PLACES decimals."""
    number = _non_negative(value if value not in (None, "") else 0, label)
    if number > MAX_TAX_RATE:
        raise FinanceInvalid(
            _("%(label)s is at most 100 %% (you entered %(entered)s).")
            % {"label": label, "entered": format(number.normalize(), "f")}
        )
    step = Decimal(1).scaleb(-TAX_RATE_PLACES)
    if number != number.quantize(step):
        raise FinanceInvalid(
            _("%(label)s takes at most %(places)s decimals, such as 8.875 (you entered %(entered)s).")
            % {"label": label, "places": TAX_RATE_PLACES, "entered": format(number.normalize(), "f")}
        )
    return number.quantize(step)


def fmt_rate(value: Decimal) -> str:
    """A tax rate as people write it: 8.875, 20 (no trailing zeros)."""
    return f"{Decimal(value).normalize():f}"


def rate(value: Number | None, label: str | None = None) -> Decimal:
    label = label or _("The exchange rate")  # translated when asked, in the reader's language
    return amount(value if value not in (None, "") else ONE, label, maximum=MAX_RATE, places=6, allow_zero=False)


def currency(code: str | None, organization: Organization) -> str:
    """A three-letter code (the organization's when empty)."""
    code = (code or organization.currency or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise FinanceInvalid(_("Use a three-letter currency code, such as USD or EUR."))
    return code


def currency_and_rate(
    code: str | None, exchange_rate: Number | None, organization: Organization
) -> tuple[str, Decimal]:
    """The currency and its rate: 1 for the organization's own currency, required otherwise."""
    code = currency(code, organization)
    if code == organization.currency:
        if exchange_rate not in (None, "") and Decimal(str(exchange_rate)) != ONE:
            raise FinanceInvalid(
                _("Amounts in %(code)s need no exchange rate (it is the organization's currency).") % {"code": code}
            )
        return code, ONE
    if exchange_rate in (None, ""):
        raise FinanceInvalid(
            _("Enter the exchange rate: how many %(currency)s one %(code)s is worth.")
            % {"currency": organization.currency, "code": code}
        )
    return code, rate(exchange_rate)


def line_amounts(quantity: Decimal, unit_price: Decimal, tax_rate: Decimal) -> tuple[Decimal, Decimal]:
    """(net, tax) of a line: quantity × unit price, and the tax on it, each to the cent."""
    net = cents(quantity * unit_price)
    return net, cents(net * tax_rate / HUNDRED)


def percent(part: Number, whole: Number | None) -> Decimal | None:
    """part / whole as a percentage with one decimal, or None when there is nothing to compare to."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
