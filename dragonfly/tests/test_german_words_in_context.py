"""One English word, two meanings, two German words: the parts of the catalog were translated by
different people, and the catalog keeps one translation per msgid, so a word that means two things
carries a context where it is used. These are the ones the German walk found reading wrong."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from events.models import CueStatus, EventKind, EventStatus


@pytest.fixture
def german():
    with translation.override("de"):
        yield


def test_an_event_is_a_show_is_called_go_and_is_cancelled_in_german(german):
    assert str(EventKind.SHOW.label) == "Show"  # not "Anzeigen" (the button that shows something)
    assert str(CueStatus.GO.label) == "Go"  # the caller's word, not "Los" (a form's submit button)
    assert str(EventStatus.CANCELLED.label) == "Abgesagt"  # a show is called off, an order is "Storniert"
    assert gettext("Show") == "Anzeigen" and gettext("Go") == "Los"  # the other meanings keep theirs


def test_an_assets_tag_a_contacts_role_and_a_shows_record_read_as_meant(german):
    assert pgettext("asset tag", "Tag") == "Kennung" and gettext("Tag") == "Schlagwort"
    assert pgettext("contact", "Role") == "Funktion" and gettext("Role") == "Rolle"  # a member's role
    assert pgettext("show record", "Record") == "Protokoll" and gettext("Record") == "Erfassen"
