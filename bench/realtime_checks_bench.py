"""One live event's access check for N open pages (dragonfly/realtime/checks.py), in parts: what the
batch costs a process per event, apart from the event loop's per-socket work and the framing that
bench/realtime_bench.py measures with them. Side by side, in one run: the batch as it is, and each
user's question built and compiled as SQL (the key before 7 Dec 2026). Not part of the tests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_wsbench .venv/bin/python bench/realtime_checks_bench.py

It uses realtime_bench.py's database (`wt_wsbench_rt`: an org, a workspace, 1,000 Passengers; run
that one first) and one of its cues. BENCH_SIZES=100,500,1000 (the default) picks N."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    sys.path.insert(0, str(HERE))
    from benchkit import count_queries, median_ms, start_django

    start_django("wt_wsbench_rt")
    from django.contrib.auth import get_user_model

    from dragonfly.realtime import checks
    from dragonfly.tenancy.access import prime_access
    from events.models import Cue

    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "100,500,1000").split(",")]
    cue = Cue.objects.filter(event__workspace__slug="rt-show").order_by("-pk").first()
    if cue is None:
        sys.exit("no bench cue: run bench/realtime_bench.py first")
    User = get_user_model()
    crew = list(User.objects.filter(username__startswith="rt-crew-").order_by("username").values_list("pk", flat=True))
    answer = checks._answer.func  # the batch without its hop to the database thread
    rows = Cue.objects.all()

    def users_of(ids):
        return list(User.objects.filter(pk__in=ids, is_active=True))

    def primed(ids):
        users = users_of(ids)
        prime_access(users, for_checks=True)
        return users

    print(f"cue {cue.pk}; {len(crew)} Passengers; median ms of 9 runs (2 warm-up); columns add up left to right")
    print("(read users; + their access primed; + each user's filter as the key; the whole batch with its")
    print("exists() per distinct filter) against the key before: + each user's query built and compiled\n")
    head = f"{'pages':>6} {'read users':>11} {'+ access':>9} {'+ filters':>10} {'whole batch':>12} {'queries':>8}"
    head += f" {'SQL per user':>13} {'ratio':>6}"
    print(head)
    print("-" * len(head))
    for n in sizes:
        ids = crew[:n]
        read = median_ms(lambda ids=ids: users_of(ids), runs=9, warm=2)
        access = median_ms(lambda ids=ids: primed(ids), runs=9, warm=2)

        def filters(ids=ids):
            for user in primed(ids):
                checks._question(rows, user)

        def compiled(ids=ids):
            # the key before: each user's visible_to(user).filter(pk=…) built and compiled
            for user in primed(ids):
                rows.visible_to(user).filter(pk=cue.pk).query.sql_with_params()

        keyed = median_ms(filters, runs=9, warm=2)
        whole = median_ms(lambda ids=ids: answer("events.cue", str(cue.pk), ids), runs=9, warm=2)
        old = median_ms(compiled, runs=9, warm=2)
        queries = count_queries(lambda ids=ids: answer("events.cue", str(cue.pk), ids))
        allowed = answer("events.cue", str(cue.pk), ids)
        assert len(allowed) == n, f"{len(allowed)} of {n} Passengers may see the cue"
        print(
            f"{n:>6} {read:>11.1f} {access:>9.1f} {keyed:>10.1f} {whole:>12.1f} {queries:>8}"
            f" {old:>13.1f} {old / keyed:>5.1f}x"
        )


if __name__ == "__main__":
    main()
