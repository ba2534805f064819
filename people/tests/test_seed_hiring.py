"""The demo's hiring and training: populated for a newcomer, built through the services, loaded twice
without adding anything."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from people.models import (
    Application,
    ApplicationCertificate,
    Certification,
    InterviewNote,
    Opening,
    TrainingCourse,
    TrainingRecord,
    TrainingSession,
)

MODELS = (Opening, Application, ApplicationCertificate, InterviewNote, TrainingCourse, TrainingSession, TrainingRecord)


def test_demo_hiring_and_training_load_twice_without_duplicates(client, seeded_demo):
    counts = [m.objects.count() for m in (*MODELS, Certification)]
    call_command("seed_hiring_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in (*MODELS, Certification)] == counts

    # The hiring seed's own openings (the jobs seed's postings open positions of their own).
    ws_openings = Opening.objects.filter(
        workspace__organization__slug="northstar", workspace__slug="aurora-tour", posting__isnull=True
    )
    assert ws_openings.count() == 2
    stages = set(Application.objects.filter(opening__in=ws_openings).values_list("status", flat=True))
    assert stages == {"applied", "screened", "interviewed", "offered", "hired", "declined"}
    hired = Application.objects.get(opening__in=ws_openings, status="hired")
    assert hired.person and Certification.objects.filter(person=hired.person, kind="forklift").exists()
    records = TrainingRecord.objects.filter(workspace=hired.workspace)
    assert {"passed", "failed", "enrolled"} <= set(records.values_list("result", flat=True))
    expiring = [r for r in records if r.expires_on and (r.expires_on - r.session.date).days > 0]
    assert any(r.certification.expiry_state() == "expires_30" for r in expiring)

    # A newcomer logging in as the demo Navigator sees it all, and the Raider their own training.
    user = get_user_model().objects.get(username="northstar-navigator")
    client.force_login(user)
    page = client.get(reverse("people:opening_detail", args=[hired.opening_id])).content.decode()
    assert "Rosa Lind" in page and "Kai Brenner" in page
    raider = get_user_model().objects.get(username="northstar-raider")
    client.force_login(raider)
    mine = raider.crew_records.get(workspace=hired.workspace)
    assert "First aid at work" in client.get(reverse("people:person_detail", args=[mine.pk])).content.decode()
