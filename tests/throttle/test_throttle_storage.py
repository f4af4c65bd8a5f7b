"""The PostgreSQL storage of the counters: fixed windows, exact under concurrency, kept
outside the request's transaction, swept when expired, healed after a lost connection."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from limits.errors import StorageError
from limits.storage import storage_from_string
from sqlalchemy import text

from jatify.extensions import db
from jatify.throttle import postgres
from jatify.throttle.postgres import APPLICATION_NAME, PostgresStorage


@pytest.fixture
def storage(app: Flask) -> PostgresStorage:
    """A storage on the test database, as `limits` builds it from its URI."""
    built = storage_from_string("jatify+postgresql://", dsn=app.config["DATABASE_DSN"])
    assert isinstance(built, PostgresStorage)
    return built


def test_a_window_counts_hits_until_it_ends_then_starts_afresh(storage, sql):
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3
    assert storage.incr("k", 60, amount=2) == 5
    assert time.time() + 55 < storage.get_expiry("k") <= time.time() + 61

    sql("UPDATE rate_limits SET expires_at = now() - interval '1 second'")

    assert storage.get("k") == 0
    assert storage.get_expiry("k") <= time.time()
    assert storage.incr("k", 60) == 1


def test_concurrent_hits_each_count_exactly_once(storage):
    threads, hits = 8, 25
    barrier = threading.Barrier(threads)
    counts: list[int] = []

    def hit() -> None:
        barrier.wait()
        counts.extend(storage.incr("busy", 60) for _ in range(hits))

    workers = [threading.Thread(target=hit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(counts) == list(range(1, threads * hits + 1))
    assert storage.get("busy") == threads * hits


def test_a_hit_is_kept_when_the_requests_transaction_rolls_back(app, storage):
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        storage.incr("kept", 60)
        db.session.rollback()
        db.session.remove()

    assert storage.get("kept") == 1


def test_clear_forgets_one_counter_and_reset_all(storage):
    storage.incr("a", 60)
    storage.incr("b", 60)
    storage.clear("a")
    assert (storage.get("a"), storage.get("b")) == (0, 1)

    assert storage.reset() == 1
    assert storage.get("b") == 0
    assert storage.check() is True


def test_expired_rows_are_swept_now_and_then(app, sql, monkeypatch):
    monkeypatch.setattr(postgres, "SWEEP_EVERY_SECONDS", 0.0)
    sweeping = PostgresStorage(dsn=app.config["DATABASE_DSN"])
    sql(
        "INSERT INTO rate_limits SELECT 'old' || n, 1, now() - interval '1 minute' "
        "FROM generate_series(1, 5) AS n"
    )

    sweeping.incr("live", 60)

    assert sql("SELECT key FROM rate_limits") == [("live",)]


def test_a_connection_the_server_ended_is_replaced(storage, sql: Callable[..., list[Any]]):
    storage.incr("k", 60)
    ended = sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name",
        name=APPLICATION_NAME,
    )
    assert ended

    assert storage.incr("k", 60) == 2


def test_an_unreachable_database_is_a_storage_error():
    down = PostgresStorage(wrap_exceptions=True, dsn="postgresql://nobody@127.0.0.1:9/none")

    with pytest.raises(StorageError):
        down.incr("k", 60)
    assert down.check() is False
