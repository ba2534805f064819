"""Builders for the people tests (shared fixtures live in conftest.py and dragonfly.testing)."""

import datetime
import itertools

from django.utils import timezone

from dragonfly.testing.queries import assert_constant_queries
from people.models import Assignment, Certification, Person, Position, Team, TimeEntry
from productions.models import Production

_seq = itertools.count(1)
UTC = datetime.UTC


def at(day, hour=0, minute=0):
    """An aware UTC datetime: at(date(2027, 6, 1), 8) or at("2027-06-01", 8)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def make_production(workspace, name=None, **kwargs):
    return Production.objects.create(workspace=workspace, name=name or f"Show {next(_seq)}", **kwargs)


def make_person(workspace, first_name=None, last_name="Crew", **kwargs):
    return Person.objects.create(
        workspace=workspace, first_name=first_name or f"Person{next(_seq)}", last_name=last_name, **kwargs
    )


def make_team(workspace, name=None, **kwargs):
    return Team.objects.create(workspace=workspace, name=name or f"Team {next(_seq)}", **kwargs)


def make_position(workspace, name=None, required=()):
    return Position.objects.create(
        workspace=workspace, name=name or f"Position {next(_seq)}", required_certifications=list(required)
    )


def make_cert(person, kind="forklift", expires_on=None, issued_on=None, **kwargs):
    return Certification.objects.create(
        workspace=person.workspace, person=person, kind=kind, expires_on=expires_on, issued_on=issued_on, **kwargs
    )


def make_assignment(person, production, position, start, end, **kwargs):
    return Assignment.objects.create(
        workspace=person.workspace,
        person=person,
        production=production,
        position=position,
        call_time=start,
        end_time=end,
        **kwargs,
    )


def make_entry(person, day, hours, status="pending", production=None, **kwargs):
    return TimeEntry.objects.create(
        workspace=person.workspace,
        person=person,
        work_date=day,
        hours=hours,
        status=status,
        production=production,
        **kwargs,
    )


def today():
    return timezone.localdate()


def pinned(client, url, grow):
    """A list's query count stays the same after `grow()`; the first visit (which fills the session's
    cached badges once) is not counted."""
    client.get(url)
    assert_constant_queries(client, url, grow)
