"""The shared demo seed's order and guard (dragonfly/testing/demo.py): tests that ask for it run last,
and a test that did not ask for it cannot run while it is seeded."""

from types import SimpleNamespace

import pytest

from dragonfly.testing import demo


class Marker:
    def __init__(self, **kwargs):
        self.args, self.kwargs = (), kwargs


def item(name, *fixtures):
    return SimpleNamespace(name=name, fixturenames=list(fixtures))


def request(*fixtures, marker=None):
    node = SimpleNamespace(nodeid="x.py::test", get_closest_marker=lambda name: marker)
    return SimpleNamespace(node=node, fixturenames=list(fixtures))


def test_tests_asking_for_the_demo_run_last_in_their_order():
    items = [item("a", "db"), item("b", "seeded_demo"), item("c"), item("d", "db", "seeded_demo"), item("e", "db")]
    demo.run_last(items)
    assert [i.name for i in items] == ["a", "c", "e", "b", "d"]


def test_a_test_that_did_not_ask_cannot_run_while_the_demo_is_seeded(monkeypatch):
    demo.guard(request("db"))  # nothing seeded: any test runs
    monkeypatch.setattr(demo, "_open", True)
    demo.guard(request("db", "seeded_demo"))
    with pytest.raises(pytest.fail.Exception, match="without asking for it"):
        demo.guard(request("db"))


def test_a_transactional_test_cannot_share_the_seed():
    with pytest.raises(pytest.fail.Exception, match="transactional"):
        demo.guard(request("seeded_demo", "db", marker=Marker(transaction=True)))
    with pytest.raises(pytest.fail.Exception, match="transactional"):
        demo.guard(request("seeded_demo", "transactional_db"))
