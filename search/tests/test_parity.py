"""Search ↔ API ↔ `visible_to` parity: for every role (and a member of another organization), each
type's results page and `/api/search?type=` list exactly the matching rows the model's `visible_to`
gives them, and every hit opens."""

import pytest

from dragonfly.tenancy.roles import Role
from dragonfly.testing.factories import make_member
from search import services
from search.models import SearchEntry
from search.registry import sources

from .helpers import forklift_world

pytestmark = pytest.mark.django_db
Q = "forklift"


def expected(user, source):
    matching = services._matching(SearchEntry.objects.filter(object_type=source.key), Q).entries
    ids = list(matching.values_list("object_id", flat=True))
    rows = list(source.visible_rows(user).filter(pk__in=ids))
    if source.opens:
        rows = source.opens(user, rows)
    return {str(obj.pk) for obj in rows}


def api_ids(client, key):
    body = client.get("/api/search", {"q": Q, "type": key, "limit": 200}).json()
    assert body["next"] is None
    return {row["id"] for row in body["results"]}


def page_hits(client, key):
    response = client.get("/search/", {"q": Q, "type": key})
    assert response.status_code == 200
    return response.context["page"].object_list


def test_every_type_shows_what_visible_to_says_for_every_role(tenant_a, tenant_b, client):
    forklift_world(tenant_a)
    forklift_world(tenant_b)
    outsider = make_member(Role.GLADIATOR, tenant_b.org, tenant_b.workspace)
    users = [*tenant_a.users.values(), outsider]
    wrong = []
    for user in users:
        client.force_login(user)
        for source in sources():
            want = expected(user, source)
            hits = page_hits(client, source.key)
            if api_ids(client, source.key) != want:
                wrong.append(f"API {source.key} for {user}")
            if {str(h.obj.pk) for h in hits} != want:
                wrong.append(f"page {source.key} for {user}")
            for hit in hits:
                if client.get(hit.url).status_code != 200:
                    wrong.append(f"{user} cannot open {hit.url}")
    assert not wrong, "\n".join(wrong)
    # The story holds: a Phantom of Acme found Acme's forklifts of every type, none of Bravo's.
    client.force_login(tenant_a.user(Role.PHANTOM))
    assert len(api_ids(client, "production")) == 1
