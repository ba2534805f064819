"""Reports and exports read from the replica when there is one; pages, writes and transactions never do."""

import pytest
from django.db import transaction

from dragonfly.core.csv_export import stream_csv
from dragonfly.core.db_routers import ReportsReplicaRouter, reading_for_reports
from dragonfly.notifications.models import Notification

router = ReportsReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    from django.conf import settings

    monkeypatch.setitem(settings.DATABASES, "replica", {**settings.DATABASES["default"]})


def test_a_page_reads_the_primary(with_replica):
    assert router.db_for_read(Notification) is None  # Django's default: the primary


def test_a_report_reads_the_replica_when_there_is_one(with_replica):
    with reading_for_reports():
        assert router.db_for_read(Notification) == "replica"
        assert router.db_for_write(Notification) == "default"


def test_without_a_replica_a_report_reads_the_primary():
    with reading_for_reports():
        assert router.db_for_read(Notification) == "default"


@pytest.mark.django_db
def test_a_report_inside_a_transaction_sees_its_own_writes(with_replica):
    with transaction.atomic(), reading_for_reports():
        assert router.db_for_read(Notification) is None


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "advancing") is True
    assert router.allow_migrate("replica", "advancing") is False


def test_a_csv_export_reads_its_rows_from_the_replica(with_replica):
    seen = []

    def rows():
        for n in range(2):
            seen.append(router.db_for_read(Notification))
            yield [n]

    response = stream_csv("x.csv", ["n"], rows())
    assert b"".join(response.streaming_content).decode().split() == ["n", "0", "1"]
    assert seen == ["replica", "replica"]
