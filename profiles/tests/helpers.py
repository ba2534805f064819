"""Builders for profile stories: colleagues who worked a production together, a profile with sections open."""

import datetime

from django.utils import timezone

from people.models import Assignment, Person, Position
from productions.models import Production
from profiles import services
from profiles.models import MemberProfile


def worked_together(workspace, *users, name="Aurora — East leg", days_ago=10, position="Stagehand"):
    """A production that ended `days_ago` days ago (negative: still to come), each user assigned to it."""
    production = Production.objects.create(workspace=workspace, name=name)
    job, _ = Position.objects.get_or_create(workspace=workspace, name=position)
    # 08:00-17:00 on that day in the current zone: one calendar day at any hour the test runs (an
    # offset from now crossed midnight when run after 01:00 and booked two days).
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))
    for user in users:
        person, _ = Person.objects.get_or_create(workspace=workspace, user=user, defaults={"first_name": user.username})
        Assignment.objects.create(
            workspace=workspace,
            person=person,
            production=production,
            position=job,
            call_time=start,
            end_time=start + datetime.timedelta(hours=9),
        )
    return production


def open_profile(user, level="public", **fields):
    """`user`'s profile with every section at `level` (bio, skills and a link filled in)."""
    visibility = dict.fromkeys(MemberProfile.VISIBILITY_FIELDS, level)
    fields = {"headline": "Rigger", "bio": "Zebra bio", "skills": ["Rigging", "Forklift"], **visibility, **fields}
    return services.update_profile(user, actor=user, links=["https://example.com/me"], **fields)
