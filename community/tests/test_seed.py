"""The demo logins find a lively community: posts in every scope, a thread, reactions, a connection;
a second run adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from community.models import Comment, Connection, Post, Reaction

pytestmark = pytest.mark.django_db


def test_demo_community_loads_twice_without_duplicates(client, seeded_demo):
    counts = (Post.objects.count(), Comment.objects.count(), Reaction.objects.count(), Connection.objects.count())
    call_command("seed_community_demo", stdout=io.StringIO())
    assert (
        Post.objects.count(),
        Comment.objects.count(),
        Reaction.objects.count(),
        Connection.objects.count(),
    ) == counts
    assert counts[0] == 6 and counts[1] >= 3 and counts[2] >= 3 and counts[3] == 2
    assert set(Post.objects.values_list("scope", flat=True)) == {"workspace", "organization", "public"}
    client.force_login(get_user_model().objects.get(username="bluewave-raider"))
    feed = client.get("/community/?scope=public").content.decode()
    assert "hiring riggers" in feed and "Spare gaffer tape" not in feed
