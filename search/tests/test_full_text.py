"""PostgreSQL's search: websearch syntax (quotes, -word, or), typos and half-typed words through the
title words' trigrams, stemming, and the GIN indexes that make it fast. Skipped on SQLite (its
fallback is icontains)."""

import pytest
from django.db import connection

from dragonfly.tenancy.roles import Role
from productions.tests.helpers import make_production
from search import services
from search.models import SearchEntry, SearchWord

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("full-text search and trigrams need PostgreSQL")


def titles(user, q):
    return [hit.title for g in services.search(user, q, size=20) for hit in g.hits]


@pytest.fixture
def productions(tenant_a):
    for name in ("Stagehand call Berlin", "Forklift training", "Open air stage build", "Stagehands for the expo"):
        make_production(tenant_a, name=name)
    return tenant_a.user(Role.GLADIATOR)


def test_a_typo_still_finds_the_stagehand(productions):
    assert "Stagehand call Berlin" in titles(productions, "stagehnd")


def test_stemming_finds_the_plural(productions):
    assert set(titles(productions, "stagehand")) >= {"Stagehand call Berlin", "Stagehands for the expo"}


def test_websearch_syntax_quotes_exclusion_and_or(productions):
    assert titles(productions, '"open air"') == ["Open air stage build"]
    assert "Stagehands for the expo" not in titles(productions, "stagehand -expo")
    assert set(titles(productions, "forklift or berlin")) >= {"Forklift training", "Stagehand call Berlin"}


def test_the_best_match_comes_first(productions, tenant_a):
    make_production(tenant_a, name="Forklift", description="")
    make_production(tenant_a, name="Power plan", description="the forklift comes on Tuesday")
    found = titles(productions, "forklift")
    assert found.index("Forklift") < found.index("Power plan")  # a title hit (A) over a body hit (B)


def test_the_vector_is_weighted_title_over_body(productions):
    entry = SearchEntry.objects.get(title="Forklift training")
    assert "'forklift':1A" in str(entry.document)


def plan(queryset):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a handful of rows: make the planner show its index path
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        lines = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    return lines


def test_the_query_uses_the_gin_indexes(productions):
    # (The vocabulary's trigram index shows in bench/search_bench.py's plan: on a few words a scan wins.)
    match = services._matching(SearchEntry.objects.order_by(), "stagehnd")
    assert "search_entry_document_gin" in plan(match.entries)
    assert "search_entry_title_gin" in plan(match.titled)  # the title pass never rechecks weights on the heap


def test_the_vocabulary_holds_the_title_words(productions):
    assert {"stagehand", "stagehands", "forklift", "berlin"} <= set(SearchWord.objects.values_list("word", flat=True))
    near = services.near_words("stagehnd forkl berlin")
    assert near["stagehnd"] == ["stagehand"]  # the closest, not "stage" too
    assert near["forkl"] == ["forklift"]  # being typed
    assert near["berlin"] == []  # a word the titles have is no typo


def test_a_typo_marks_the_word_it_found(productions, client):
    client.force_login(productions)
    html = client.get("/search/", {"q": "stagehnd"}).content.decode()
    assert "<mark>Stagehand</mark> call Berlin" in html
