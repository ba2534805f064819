"""Organization A's people objects for the cross-organization walk (dragonfly/core/tests/test_isolation.py)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from dragonfly.tenancy.roles import Role
from people.models import (
    Application,
    ApplicationCertificate,
    Assignment,
    Certification,
    InterviewNote,
    Opening,
    Person,
    Position,
    Team,
    TimeEntry,
    TrainingCourse,
    TrainingRecord,
    TrainingSession,
    Unavailability,
)
from productions.models import Production


def make_secret_objects(tenant):
    ws = tenant.workspace
    now = timezone.now()
    production = Production.objects.create(workspace=ws, name="Zebra Secret Crew Show")
    person = Person.objects.create(
        workspace=ws,
        first_name="Zebra Secret",
        last_name="Rigger",
        phone="+1 555 0100",
        day_rate=Decimal("450"),
        user=tenant.user(Role.RAIDER),
    )
    team = Team.objects.create(workspace=ws, name="Zebra Secret Team", lead=person)
    person.team = team
    person.save()
    position = Position.objects.create(workspace=ws, name="Zebra Secret Position", required_certifications=[])
    cert = Certification.objects.create(
        workspace=ws,
        person=person,
        kind="rigging",
        name="Zebra Secret Rigging Cert",
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    assignment = Assignment.objects.create(
        workspace=ws,
        person=person,
        production=production,
        position=position,
        call_time=now + datetime.timedelta(hours=1),
        end_time=now + datetime.timedelta(hours=9),
        notes="Zebra Secret call",
    )
    away = Unavailability.objects.create(
        workspace=ws,
        person=person,
        start_date=timezone.localdate() + datetime.timedelta(days=3),
        end_date=timezone.localdate() + datetime.timedelta(days=4),
        reason="Zebra Secret holiday",
    )
    entry = TimeEntry.objects.create(
        workspace=ws,
        person=person,
        production=production,
        work_date=timezone.localdate(),
        hours=Decimal("8"),
        status="pending",
        notes="Zebra Secret hours",
    )
    opening = Opening.objects.create(workspace=ws, title="Zebra Secret Opening", production=production)
    application = Application.objects.create(
        workspace=ws, opening=opening, first_name="Zebra Secret", last_name="Applicant", email="zebra@secret.example"
    )
    applicant_cert = ApplicationCertificate.objects.create(
        workspace=ws, application=application, kind="rigging", name="Zebra Secret Ticket"
    )
    note = InterviewNote.objects.create(workspace=ws, application=application, body="Zebra Secret interview")
    course = TrainingCourse.objects.create(workspace=ws, name="Zebra Secret Course", certification_kind="forklift")
    session = TrainingSession.objects.create(
        workspace=ws, course=course, date=timezone.localdate(), trainer="Zebra Secret Trainer"
    )
    record = TrainingRecord.objects.create(workspace=ws, session=session, person=person)
    return {
        "opening": opening,
        "application": application,
        "applicant_certificate": applicant_cert,
        "interview_note": note,
        "training_course": course,
        "training_session": session,
        "training_record": record,
        "production": production,
        "person": person,
        "team": team,
        "position": position,
        "certification": cert,
        "assignment": assignment,
        "unavailability": away,
        "time_entry": entry,
    }
