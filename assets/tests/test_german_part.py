"""The German part file of assets + finance, compiled to a temporary catalog, turns what these apps say
into German: templates (numbers in sentences too), choice labels, refusals. The per-user language
machinery is the core's; this proves the part file's msgids match what the code and templates ask for."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, trans_real

from assets.models import AssetStatus
from finance.errors import FinanceInvalid
from finance.models import InvoiceStatus
from finance.money import amount

polib = pytest.importorskip("polib")
PART = "locale/de/parts/assetfin.po"


@pytest.fixture
def german(settings, tmp_path):
    from django.conf import settings as conf

    catalog = tmp_path / "de" / "LC_MESSAGES"
    catalog.mkdir(parents=True)
    polib.pofile(str(conf.BASE_DIR / PART)).save_as_mofile(str(catalog / "django.mo"))
    settings.LOCALE_PATHS = [str(tmp_path), *settings.LOCALE_PATHS]
    trans_real._translations = {}  # catalogs are cached per language: load ours
    trans_real._default = None
    with translation.override("de"):
        yield
    trans_real._translations = {}
    trans_real._default = None


def test_every_entry_of_the_part_file_is_translated():
    from django.conf import settings as conf

    catalog = polib.pofile(str(conf.BASE_DIR / PART))
    assert len(catalog) > 0
    assert [e.msgid for e in catalog if not e.translated()] == []


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
