"""A newcomer signing in to the demo finds things: the demo's rows are in the index, searchable."""

import pytest
from django.contrib.auth import get_user_model

from search import services

pytestmark = pytest.mark.django_db


def test_the_demo_gladiator_finds_rows_of_many_kinds(seeded_demo):
    gladiator = get_user_model().objects.get(username="northstar-gladiator")

    kinds = set()
    for word in ("aurora", "stage", "forklift", "truck"):
        kinds |= {g.source.key for g in services.search(gladiator, word)}

    assert len(kinds) >= 6, kinds
    # Published to every organization by design (their own tests prove drafts and private ones stay home).
    public = {"catalog_item", "community_post", "job_posting", "listing"}
    other = {g.source.key for g in services.search(gladiator, "summit")} - public
    assert not other, "Bluewave's Tech Summit is another organization's"
