"""Dates, numbers and amounts read in the reader's locale; forms and CSV keep machine-readable numbers."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from dragonfly.core.csv_export import stream_csv
from dragonfly.core.formatting import money, quantity


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "USD 1,234.50"), ("de", "1.234,50 USD")],
)
def test_an_amount_reads_in_the_readers_locale(language, expected):
    with translation.override(language):
        assert money(Decimal("1234.5"), "USD") == expected


def test_negative_amounts_quantities_and_blanks():
    with translation.override("de"):
        assert money("-1234567.891", "EUR") == "-1.234.567,89 EUR"
        assert money(Decimal("12.5")) == "12,50"
        assert quantity(Decimal("2.50")) == "2,5" and quantity(Decimal("1000")) == "1.000"
        assert money(None, "EUR") == "—" and money("n/a", "EUR") == "n/a"
    with translation.override("en"):
        assert money("-1234567.891", "EUR") == "EUR -1,234,567.89"
        assert quantity(Decimal("2.50")) == "2.5" and quantity(Decimal("2.00")) == "2"


def test_dates_and_numbers_in_templates_follow_the_language():
    template = Template('{{ day|date:"DATE_FORMAT" }} · {{ day|date:"l" }} · {{ n }}')
    context = Context({"day": datetime.date(2026, 12, 24), "n": Decimal("1234.5")})
    with translation.override("en"):
        assert template.render(context) == "Dec. 24, 2026 · Thursday · 1234.5"
    with translation.override("de"):
        assert template.render(context) == "24. Dezember 2026 · Donnerstag · 1234,5"


class Amount(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2)


def test_a_decimal_field_takes_what_a_number_input_sends_in_either_language():
    """A number input (Django's DecimalField widget) shows and sends "1234.56" whatever the page's
    language; the browser shows it as the reader types it (1.234,56 in German)."""
    for language in ("en", "de"):
        with translation.override(language):
            form = Amount({"amount": "1234.56"})
            assert form.is_valid() and form.cleaned_data["amount"] == Decimal("1234.56")
            shown = Amount(initial={"amount": Decimal("1234.56")})
            assert 'type="number"' in str(shown["amount"]) and 'value="1234.56"' in str(shown["amount"])
    # Typed German grouping reaches the server only from a text box, which these forms do not use:
    # it is refused with a German message rather than misread.
    with translation.override("de"):
        typed = Amount({"amount": "1.234,56"})
        assert not typed.is_valid() and typed.errors["amount"] == ["Bitte eine Zahl eingeben."]


def test_a_csv_export_stays_machine_readable_in_german():
    with translation.override("de"):
        response = stream_csv("x.csv", ["amount", "day"], [[Decimal("1234.50"), datetime.date(2026, 12, 24)]])
        body = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(body))) == [["amount", "day"], ["1234.50", "2026-12-24"]]
