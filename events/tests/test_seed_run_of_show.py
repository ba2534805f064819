"""The demo comes with a run of show being called (running late) and a matinee kept as its record."""

import io

import pytest
from django.core.management import call_command

from events.models import Event
from events.services import running_order

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_show_being_called_and_a_record(seeded_demo):
    call_command("seed_demo", stdout=io.StringIO())  # safe to run twice
    tonight = Event.objects.get(workspace__organization__slug="northstar", title="Tonight — live run of show")
    order = running_order(tonight)
    assert order.current.cue.item == "Support act" and order.next.cue.item == "Changeover"
    assert order.drift_text == "+2 min late" and not order.finished
    matinee = Event.objects.get(workspace__organization__slug="bluewave", title="Matinee — the record")
    record = running_order(matinee)
    assert record.finished and {t.status for t in record.cues} == {"done"}
    assert [t.drift_minutes for t in record.cues] == [0, 1, 3, 5, 11]  # the headliner played 5 min long
    assert Event.objects.filter(title="Tonight — live run of show").count() == 2
