"""A German reader's refusal is German through and through: the core's sentence frame and every
fragment a module's workflow fills in (noun, state, move). One workflow per module that passed
English fragments until now; the English sentences are asserted by the modules' own tests."""

import pytest
from django.utils import translation

from assets.models import Asset, AssetStatus, Reservation, ReservationStatus
from events.models import CUE_WORKFLOW, INCIDENT_WORKFLOW, Cue, CueStatus, Incident, IncidentStatus
from finance.models import Invoice, InvoiceStatus, PurchaseOrder, PurchaseOrderStatus
from people.models import TimeEntry
from people.time_models import TimeStatus as TimeEntryStatus

pytestmark = pytest.mark.django_db

CASES = [
    (
        Asset,
        AssetStatus.CHECKED_OUT,
        AssetStatus.RETIRED,
        "Dieser Eintrag (Gerät) ist ausgegeben (nehmen Sie es zuerst zurück oder markieren Sie es als verloren); "
        "er kann nicht ausgemustert werden.",
    ),
    (
        Reservation,
        ReservationStatus.RETURNED,
        ReservationStatus.CHECKED_OUT,
        "Dieser Eintrag (Reservierung) ist im Status „Zurückgegeben“; er kann nicht ausgegeben werden.",
    ),
    (
        Invoice,
        InvoiceStatus.DRAFT,
        InvoiceStatus.PAID,
        "Dieser Eintrag (Rechnung) ist ein Entwurf; er kann nicht bezahlt werden.",
    ),
    (
        PurchaseOrder,
        PurchaseOrderStatus.PENDING_APPROVAL,
        PurchaseOrderStatus.PENDING_APPROVAL,
        "Dieser Eintrag (Bestellung) ist bereits zur Freigabe vorgelegt.",
    ),
    (
        Cue,
        CueStatus.DONE,
        CueStatus.STANDBY,
        "Dieser Eintrag (Cue) ist bereits erledigt; er kann nicht in Standby gesetzt werden.",
    ),
    (
        Incident,
        IncidentStatus.RESOLVED,
        IncidentStatus.OPEN,
        "Dieser Eintrag (Vorfall) ist bereits gelöst; er kann nicht wieder geöffnet werden.",
    ),
    (
        TimeEntry,
        TimeEntryStatus.APPROVED,
        TimeEntryStatus.REJECTED,
        "Dieser Eintrag (Zeiteintrag) ist freigegeben und gesperrt; er kann nicht zur Korrektur zurückgegeben werden.",
    ),
]


@pytest.mark.parametrize(("model", "here", "to", "german"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_german_reader_is_refused_in_german_only(model, here, to, german):
    obj = model(status=here)
    assert not model.workflow.can_move(here, to)
    with translation.override("de"):
        assert model.workflow.refusal(obj, to) == german
    # The same row, read by an English reader at once after: the fragments are lazy, not frozen in German.
    with translation.override("en"):
        assert "Dieser" not in model.workflow.refusal(obj, to)


def test_the_workflows_still_name_their_events_in_english():
    # The noun is lazy now; the domain events and activity verbs keep their English prefixes.
    assert (Asset.workflow.event_prefix, Reservation.workflow.event_prefix) == ("asset", "reservation")
    assert (Invoice.workflow.event_prefix, PurchaseOrder.workflow.event_prefix) == ("invoice", "po")
    assert (CUE_WORKFLOW.event_prefix, INCIDENT_WORKFLOW.event_prefix, TimeEntry.workflow.event_prefix) == (
        "cue",
        "incident",
        "time",
    )
