"""Global search: keeping the index (`index`, `unindex`, `reindex`) and asking it (`search`, `search_type`).

Asking is two steps, in a constant number of queries whatever the table sizes: one query (after an
EXPLAIN per pass that picks its plan from the words' frequency) picks the best candidates of every
type from the index (on PostgreSQL full text with websearch syntax, each
word also read as the title words it may mean by trigram similarity, for typos; elsewhere a plain
icontains), then one query per type with candidates keeps those the model's `visible_to(user)`
returns. The index never decides who sees what."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    SearchVectorField,
    TrigramSimilarity,
)
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from dragonfly.tenancy.access import get_access

from .models import SearchEntry, SearchWord
from .registry import Source, source_for_model, sources

CONFIG = "english"  # the text search configuration (stemming: "stagehands" finds "stagehand")
VECTOR = SearchVector("title", weight="A", config=CONFIG) + SearchVector("body", weight="B", config=CONFIG)
TITLE_VECTOR = SearchVector("title", config=CONFIG)  # the expression migration 0003's GIN index holds
GROUP_SIZE = 5  # hits per type on the grouped page (and the top bar's dropdown)
CANDIDATES = 200  # the best candidates read per type: a search lists at most this many of one type
POOL = 200  # matches ranked at most (title hits first, then body-only ones): a common word costs this
# A pass the planner expects to match more rows than this scans the newest entries instead of reading
# the words' GIN posting lists: reading a list costs its length, a scan POOL / frequency rows.
SCAN_ABOVE = 20_000
MAX_QUERY = 200  # characters of a query kept
BATCH = 2000
WORD = re.compile(r"\w+")
MIN_WORD = 3  # shorter words have too few trigrams to correct
NEAR_WORDS = 5  # at most this many words a query word may mean (a typo, a word being typed)
NEAR_SIMILARITY = 0.45  # "stagehnd" ~ "stagehand" 0.58; "forkl" ~ "for" 0.43 is too far
NEAR_MARGIN = 0.05  # a typo means the most similar words only ("stagehand", not "stage" at 0.5)
CANDIDATE_WORDS = 30
MAX_TERMS = 5  # query words corrected (one small query each)
Near = dict[str, list[str]]  # near_words' answer: a query word -> the title words it may mean


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


# -- keeping the index -----------------------------------------------------------------------------


def _entry(source: Source, obj: Any, now: Any) -> SearchEntry:
    return SearchEntry(
        object_type=source.key,
        object_id=str(obj.pk),
        organization_id=source.organization_id(obj),
        workspace_id=source.workspace_id(obj),
        title=(source.title(obj) or "")[:300],
        body=source.body(obj) or "",
        updated_at=now,
    )


def index_rows(source: Source, rows: list[Any]) -> int:
    """Write (or rewrite) the entries of `rows`; on PostgreSQL also their tsvector and their title words
    (three queries in all, whatever the number of rows)."""
    if not rows:
        return 0
    now = timezone.now()
    entries = [_entry(source, obj, now) for obj in rows]
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["object_type", "object_id"],
        update_fields=["organization", "workspace", "title", "body", "updated_at"],
    )
    if uses_full_text():
        ids = [e.object_id for e in entries]
        SearchEntry.objects.filter(object_type=source.key, object_id__in=ids).update(document=VECTOR)
        words = {w for e in entries for w in WORD.findall(e.title.lower()) if MIN_WORD <= len(w) <= 100}
        SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True)
    return len(entries)


def index(obj: Any) -> None:
    """After a save: the object's entry as it now reads, or none when it is not searchable (any more)."""
    source = source_for_model(type(obj))
    if source is None:
        return
    fresh = source.rows().filter(pk=obj.pk).first()  # with the relations its text reads
    if fresh is None or not source.keeps(fresh):
        unindex(obj)
    else:
        index_rows(source, [fresh])


def index_related(source: Source, **lookup: Any) -> None:
    """Re-index `source`'s rows matching `lookup` (a saved advance's lines): two or three queries."""
    rows = list(source.rows().filter(**lookup))
    kept = [obj for obj in rows if source.keeps(obj)]
    index_rows(source, kept)
    gone = [str(obj.pk) for obj in rows if not source.keeps(obj)]
    if gone:
        SearchEntry.objects.filter(object_type=source.key, object_id__in=gone).delete()


def unindex(obj: Any) -> None:
    source = source_for_model(type(obj))
    if source is not None:
        SearchEntry.objects.filter(object_type=source.key, object_id=str(obj.pk)).delete()


def reindex(keys: list[str] | None = None) -> dict[str, int]:
    """Rebuild the entries of every source (or of `keys`) from the rows, in batches by primary key;
    entries whose row is gone (or no longer searchable) are dropped. Safe to run twice."""
    counts = {}
    for source in sources():
        if keys and source.key not in keys:
            continue
        started = timezone.now()
        written, last = 0, None
        while True:
            batch = source.rows().order_by("pk")
            page = list(batch.filter(pk__gt=last)[:BATCH] if last is not None else batch[:BATCH])
            if not page:
                break
            with transaction.atomic():
                written += index_rows(source, [obj for obj in page if source.keeps(obj)])
            last = page[-1].pk
        SearchEntry.objects.filter(object_type=source.key, updated_at__lt=started).delete()
        counts[source.key] = written
    return counts


# -- asking it -------------------------------------------------------------------------------------

TERM = re.compile(r'"([^"]+)"|(\S+)')


def clean_query(q: str | None) -> str:
    return " ".join((q or "").split())[:MAX_QUERY]


def terms(q: str) -> list[str]:
    """The words (or quoted phrases) a hit should show: not the excluded ones (-word), not OR."""
    found = []
    for phrase, word in TERM.findall(q):
        term = phrase or word
        if term.startswith("-") or term.lower() == "or":
            continue
        term = term.strip("\"'")
        if term:
            found.append(term)
    return found


def excluded(q: str) -> list[str]:
    """The words a hit must not have (-word)."""
    return [word[1:] for _phrase, word in TERM.findall(q) if word.startswith("-") and len(word) > 1]


def near_words(q: str) -> Near:
    """For each plain word of `q`: the title words it may mean. A word no title has is a typo: the
    most similar words by trigrams ("stagehnd" → stagehand). Any word may be a word being typed: the
    title words it begins ("forkl" → forklift). One small query per word, on the vocabulary
    (SearchWord), whose size follows the distinct words, not the rows."""
    near: Near = {}
    if not uses_full_text():  # no vocabulary off PostgreSQL: a word means itself
        return near
    for term in [t.lower() for t in terms(q) if " " not in t and len(t) >= MIN_WORD][:MAX_TERMS]:
        found = list(
            SearchWord.objects.filter(Q(word__trigram_similar=term) | Q(word__startswith=term))
            .annotate(similarity=TrigramSimilarity("word", term))
            .order_by("-similarity", "word")
            .values_list("word", "similarity")[:CANDIDATE_WORDS]
        )
        known = any(word == term for word, _ in found)
        begun = sorted((w for w, _ in found if w.startswith(term) and w != term), key=lambda w: (len(w), w))
        best = max((sim for w, sim in found if w != term), default=0.0)
        typo = [] if known else [w for w, sim in found if sim >= max(NEAR_SIMILARITY, best - NEAR_MARGIN)]
        near[term] = list(dict.fromkeys(typo + begun))[:NEAR_WORDS]
    return near


def marked_words(q: str, near: Near | None = None) -> list[str]:
    """The words a hit shows marked: the query's, and on PostgreSQL the title words they may mean."""
    return terms(q) + [w for found in (near_words(q) if near is None else near).values() for w in found]


def _either(words: list[str]) -> SearchQuery:
    query = SearchQuery(words[0], search_type="plain", config=CONFIG)
    for word in words[1:]:
        query |= SearchQuery(word, search_type="plain", config=CONFIG)
    return query


def _corrected(q: str, near: Near) -> SearchQuery | None:
    """`q`'s words, each or one of the words it may mean ("stagehnd" → stagehnd | stagehand), all of
    them required; None when no word has another meaning."""
    if not any(near.values()):
        return None
    query = None
    for term in terms(q):
        part = (
            SearchQuery(term, search_type="phrase", config=CONFIG)
            if " " in term
            else _either([term, *near.get(term.lower(), [])])
        )
        query = part if query is None else query & part
    return query


@dataclass
class Match:
    """How the index answers `q`: the entries matching it, those whose title matches (the pass that goes
    first into the pool) and the body-only ones, and the rank of an entry (a title hit above any
    body-only hit). On PostgreSQL each pass has two forms: `indexed` reads the GIN indexes (cost ∝ the
    matches), `scanned` the same condition no index serves, read newest first (cost ∝ rows read)."""

    entries: QuerySet
    titled: QuerySet
    rank: Any
    body_only: QuerySet | None = None
    scanned_titled: QuerySet | None = None
    scanned_body_only: QuerySet | None = None


def _matches(vector: Any, query: SearchQuery) -> Func:
    """`ts_match_vq(vector, query)`: `vector @@ query` as a function call, which no GIN index serves
    (the planner matches operators to indexes, not functions), so a common word is scanned, not looked up."""
    return Func(vector, query, function="ts_match_vq", output_field=BooleanField())


def _matching(entries: QuerySet, q: str, near: Near | None = None) -> Match:
    if uses_full_text():
        query = SearchQuery(q, search_type="websearch", config=CONFIG)
        corrected = _corrected(q, near_words(q) if near is None else near)
        if corrected is not None:  # typos and words being typed: both served by the tsvector's GIN index
            query = query | corrected
        # The title pass reads the titles' own GIN index (migration 0003) and only it (a title hit
        # matches the document too): a weight-restricted query on `document` would recheck every match
        # on the heap, and ANDed with the document's index it would read a common word's whole posting
        # list there as well.
        titled = entries.annotate(title_words=TITLE_VECTOR).filter(title_words=query)
        scanned = entries.filter(_matches(F("document"), query))
        entries = entries.filter(document=query)
        if excluded(q):  # -word rules out a corrected hit too
            excluding = SearchQuery(" or ".join(excluded(q)), search_type="websearch", config=CONFIG)
            entries, titled = entries.exclude(document=excluding), titled.exclude(document=excluding)
            scanned = scanned.exclude(_matches(F("document"), excluding))
        title_part = Func(F("document"), Value("{a}"), function="ts_filter", output_field=SearchVectorField())
        title_hit = SearchVectorExact(title_part, query)  # `ts_filter(document, '{a}') @@ query`
        bonus = Case(When(title_hit, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
        return Match(
            entries,
            titled,
            SearchRank(F("document"), query) + bonus,
            body_only=entries.exclude(title_hit),
            scanned_titled=scanned.filter(_matches(title_part, query)),
            scanned_body_only=scanned.exclude(title_hit),
        )
    # SQLite and friends: every word somewhere in the title or body; a title hit ranks first.
    in_title = Q()
    for term in terms(q):
        entries = entries.filter(Q(title__icontains=term) | Q(body__icontains=term))
        in_title &= Q(title__icontains=term)
    for word in excluded(q):
        entries = entries.exclude(Q(title__icontains=word) | Q(body__icontains=word))
    rank = Case(When(in_title, then=Value(2.0)), default=Value(1.0), output_field=FloatField())
    return Match(entries, entries.filter(in_title), rank)


def estimated_rows(queryset: QuerySet) -> float:
    """The planner's estimate of the rows `queryset` returns: one EXPLAIN, nothing executed. For `@@`
    it reads the per-word frequencies ANALYZE keeps for the tsvector column and for the titles' index
    expression (pg_stats.most_common_elems), so it is the words' document frequency, kept current by
    autovacuum at no cost to an index write; a word rarer than the sampled ones is estimated as rare."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return float((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"])


class _AnyOf(Func):
    """`pk = ANY(ARRAY(SELECT …))`: the pool's ids read first, then one primary-key probe each. (`pk IN
    (SELECT …)` is planned on a guess of the pool's size, and at 10k rows the guess chose a scan of the
    whole table.)"""

    template = "%(expressions)s)"  # the Subquery brings its own parentheses: ARRAY(SELECT …)
    arg_joiner = " = ANY(ARRAY"
    output_field = BooleanField()


def _first_ids(indexed: QuerySet, scanned: QuerySet) -> QuerySet:
    """A pass's first POOL ids. A rare word reads its GIN posting list, then stops at POOL rows (cost ∝
    its matches); a common one scans the newest entries by the primary key and stops at POOL matches
    (cost ∝ POOL / its frequency). Neither grows with the table."""
    if estimated_rows(indexed.values("pk")) <= SCAN_ABOVE:
        return indexed.values("pk")[:POOL]
    return scanned.order_by("-pk").values("pk")[:POOL]


def candidates(user: Any, q: str, keys: list[str], per_type: int, near: Near | None = None) -> list[SearchEntry]:
    """The best `per_type` index entries of each type for `q`, best first: one query (on PostgreSQL two
    EXPLAINs before it)."""
    access = get_access(user)
    if not access.authenticated or not terms(q) or not keys:
        return []
    return sorted(ranked(access, q, keys, per_type, near), key=lambda e: (e.object_type, e.place))


def ranked(access: Any, q: str, keys: list[str], per_type: int, near: Near | None = None) -> QuerySet:
    """The query `candidates` runs. Only a bounded pool is ranked: at most POOL matches, the title hits
    first, then body-only ones, so a word in half the rows costs what a rarer one does, and at 10k rows
    as at a million once it matches POOL rows; every title hit makes the pool while there are fewer than
    POOL of them."""
    entries = SearchEntry.objects.filter(object_type__in=keys).order_by()
    if not access.is_platform_admin:  # a first cut; visible_to decides
        entries = entries.filter(Q(organization_id__in=access.organization_ids) | Q(organization__isnull=True))
    match = _matching(entries, q, near)
    if match.body_only is not None and match.scanned_titled is not None and match.scanned_body_only is not None:
        # PostgreSQL: the title hits, then the body-only hits, POOL in all (UNION ALL runs its parts in
        # order and stops at the LIMIT: the second part is not read once the first fills the pool).
        first = _first_ids(match.titled, match.scanned_titled)
        rest = _first_ids(match.body_only, match.scanned_body_only)
        pool = Q(_AnyOf(F("pk"), Subquery(first.union(rest, all=True)[:POOL])))
    else:  # SQLite allows no LIMIT inside a UNION; its icontains fallback reads the table anyway
        pool = Q(pk__in=match.titled.values("pk")[:POOL]) | Q(pk__in=match.entries.values("pk")[:POOL])
    return (
        SearchEntry.objects.filter(pool)
        .order_by()
        .annotate(rank=match.rank)
        .annotate(
            place=Window(RowNumber(), partition_by=[F("object_type")], order_by=[F("rank").desc(), F("title"), F("pk")])
        )
        .filter(place__lte=per_type)
        .only("object_type", "object_id", "title", "body")
    )


@dataclass
class Hit:
    source: Source
    obj: Any
    title: str
    body: str
    rank: float

    @property
    def url(self) -> str:
        return self.source.url(self.obj)


@dataclass
class Group:
    source: Source
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more candidates than shown: the type's own page lists them

    @property
    def best(self) -> float:
        return self.hits[0].rank if self.hits else 0.0


def _key(source: Source, object_id: str) -> Any:
    """The entry's id as the model's primary key (an int, a uuid); None for one that cannot be."""
    try:
        return source.model._meta.pk.to_python(object_id)
    except ValidationError:
        return None


def _visible_hits(user: Any, source: Source, entries: list[SearchEntry]) -> list[Hit]:
    """The entries' rows that `user` may open, in the entries' order: one query (a file: one per kind)."""
    ids = [key for key in (_key(source, e.object_id) for e in entries) if key is not None]
    rows = {str(obj.pk): obj for obj in source.visible_rows(user).filter(pk__in=ids)}
    if source.opens is not None:
        rows = {str(obj.pk): obj for obj in source.opens(user, list(rows.values()))}
    return [
        Hit(source, rows[e.object_id], e.title, e.body, float(getattr(e, "rank", 0) or 0))
        for e in entries
        if e.object_id in rows
    ]


def _by_type(entries: list[SearchEntry]) -> dict[str, list[SearchEntry]]:
    grouped: dict[str, list[SearchEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.object_type, []).append(entry)
    return grouped


def search(user: Any, q: str, *, size: int = GROUP_SIZE, near: Near | None = None) -> list[Group]:
    """Hits of every type, grouped, the group with the best hit first; at most `size` a group. `near`:
    `near_words(q)` when the caller has it already (the page marks the same words)."""
    q = clean_query(q)
    # One more than shown per type, and a margin for candidates the user may not see.
    entries = _by_type(candidates(user, q, [s.key for s in sources()], per_type=size * 4 + 1, near=near))
    groups = []
    for source in sources():
        if source.key not in entries:
            continue
        hits = _visible_hits(user, source, entries[source.key])
        if hits:
            groups.append(Group(source, hits[:size], more=len(hits) > size))
    return sorted(groups, key=lambda g: -g.best)


def search_type(user: Any, q: str, source: Source, near: Near | None = None) -> list[Hit]:
    """Every hit of one type the user may open, best first (up to CANDIDATES of them)."""
    q = clean_query(q)
    return _visible_hits(user, source, candidates(user, q, [source.key], per_type=CANDIDATES, near=near))


def search_all(user: Any, q: str, near: Near | None = None) -> list[Hit]:
    """Every type's hits in one list, best first (the API without `type`)."""
    q = clean_query(q)
    entries = _by_type(candidates(user, q, [s.key for s in sources()], per_type=CANDIDATES, near=near))
    hits = [hit for s in sources() if s.key in entries for hit in _visible_hits(user, s, entries[s.key])]
    return sorted(hits, key=lambda h: -h.rank)
