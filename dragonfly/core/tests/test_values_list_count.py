"""An API list read as `.values()` rows (core.viewsets) is counted by the capped COUNT and fetched a
page at a time: at a million rows a page must not read every row to count them (bench/README.md,
"Every list at 1,000,000 rows": `/api/advancing` read the whole table once both branches met)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dragonfly.tenancy.roles import Role
from people.tests.helpers import make_team

pytestmark = pytest.mark.django_db


def test_a_values_list_counts_with_count_and_reads_one_page(tenant_a, login):
    for _ in range(5):
        make_team(tenant_a.workspace)
    client = login(tenant_a.user(Role.GLADIATOR))
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/people/teams/?limit=2").json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"]
    reads = [q["sql"] for q in queries if 'FROM "people_team"' in q["sql"]]
    assert any("COUNT(" in sql for sql in reads), reads
    assert all("LIMIT" in sql for sql in reads), reads  # no read of every team
