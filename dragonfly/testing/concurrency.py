"""Races in tests: callables run in threads released at the same moment (needs PostgreSQL's row locks)."""

import threading

from django.db import connections


def at_once(jobs, timeout=60):
    """Run each job in its own thread, all released together; in the jobs' order, what each returned
    or the exception it raised. Every thread closes its database connections when done."""
    start = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(i):
        try:
            start.wait(timeout=10)
            results[i] = jobs[i]()
        except Exception as exc:  # noqa: BLE001 - the test reads it among the results
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results


def refused(results):
    """The exceptions among `at_once` results."""
    return [r for r in results if isinstance(r, Exception)]


def succeeded(results):
    """The results of the jobs that raised nothing."""
    return [r for r in results if not isinstance(r, Exception)]
