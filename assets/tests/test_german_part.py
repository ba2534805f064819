"""The project's German catalog turns what assets and finance say into German: templates (numbers in
sentences too), choice labels, refusals."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from assets.models import AssetStatus
from finance.errors import FinanceInvalid
from finance.models import InvoiceStatus
from finance.money import amount


@pytest.fixture
def german():
    with translation.override("de"):
        yield


def test_templates_choice_labels_and_refusals_read_in_german(german):
    # Rendered outside a request, so the core's per-user language middleware cannot change the outcome.
    assert "Noch keine Geräte" in render_to_string(
        "components/empty_state.html", {"title": gettext("No assets yet"), "request": None}
    )
    summary = {"state": "red", "lines_red": 2, "figures": {"state": "red"}}
    assert "2 Zeilen über Budget" in render_to_string("finance/_budget_state.html", {"b": summary})
    summary = {"state": "amber", "lines_red": 0, "lines_amber": 1, "figures": {"state": "amber"}}
    assert "1 Zeile über 80 %" in render_to_string("finance/_budget_state.html", {"b": summary})
    assert str(InvoiceStatus.OVERDUE.label) == "Überfällig"
    assert str(AssetStatus.RETIRED.label) == "Ausgemustert"
    with pytest.raises(FinanceInvalid, match="Der Betrag muss eine Zahl sein"):
        amount("zwölf", gettext("The amount"))
