"""The periodic scheduler: each entry's period is enqueued once, whoever races for it;
after downtime only the current period runs; a database outage is survived."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jatify.queue.schedule import SCHEDULE, Every, Scheduler, enqueue_due, scheduler_enabled
from jatify.vocabulary import JobKindName
from tests.queue.queue_helpers import query

MINUTELY = Every("test.noop", timedelta(minutes=1))
DAILY = Every("test.hooked", timedelta(days=1), offset=timedelta(hours=3))
T0 = datetime(2031, 3, 3, 7, 0, 30, tzinfo=UTC)


def scheduled(dsn: str) -> list[tuple[str, str]]:
    """(kind, dedupe key) of every job the scheduler enqueued, oldest first."""
    rows = query(dsn, "SELECT kind, dedupe_key, payload FROM queue_jobs ORDER BY created_at, id")
    for row in rows:
        assert row["payload"] == {"period_start": row["dedupe_key"].split(":", 2)[2]}
    return [(row["kind"], row["dedupe_key"]) for row in rows]


def test_periods_start_on_their_boundaries():
    assert MINUTELY.period_start(T0) == datetime(2031, 3, 3, 7, 0, tzinfo=UTC)
    assert DAILY.period_start(T0) == datetime(2031, 3, 3, 3, 0, tzinfo=UTC)
    assert DAILY.period_start(T0.replace(hour=2)) == datetime(2031, 3, 2, 3, 0, tzinfo=UTC)


def test_each_period_is_enqueued_once_and_missed_ones_run_once(
    dsn: str, connect: Callable[[], Any]
):
    connection = connect()

    first = enqueue_due(connection, (MINUTELY, DAILY), T0)
    again = enqueue_due(connection, (MINUTELY, DAILY), T0 + timedelta(seconds=20))
    next_minute = enqueue_due(connection, (MINUTELY, DAILY), T0 + timedelta(minutes=1))
    after_downtime = enqueue_due(connection, (MINUTELY, DAILY), T0 + timedelta(days=2, hours=1))
    clock_went_back = enqueue_due(connection, (MINUTELY, DAILY), T0)

    assert (first, again, next_minute) == (["test.noop", "test.hooked"], [], ["test.noop"])
    assert after_downtime == ["test.noop", "test.hooked"]
    assert clock_went_back == []
    assert scheduled(dsn) == [
        ("test.noop", "schedule:test.noop:2031-03-03T07:00:00+00:00"),
        ("test.hooked", "schedule:test.hooked:2031-03-03T03:00:00+00:00"),
        ("test.noop", "schedule:test.noop:2031-03-03T07:01:00+00:00"),
        ("test.noop", "schedule:test.noop:2031-03-05T08:00:00+00:00"),
        ("test.hooked", "schedule:test.hooked:2031-03-05T03:00:00+00:00"),
    ]
    runs = query(dsn, "SELECT name, period_start, job_id FROM scheduled_runs ORDER BY name")
    assert [row["name"] for row in runs] == ["test.hooked", "test.noop"]
    assert all(row["job_id"] is not None for row in runs)


def test_schedulers_racing_for_the_same_periods_enqueue_each_once(
    dsn: str, connect: Callable[[], Any]
):
    racers = 4
    minutes = 15
    barrier = threading.Barrier(racers)
    won: list[list[str]] = []

    def race() -> None:
        connection = connect()
        for minute in range(minutes):
            barrier.wait()
            won.append(enqueue_due(connection, (MINUTELY,), T0 + timedelta(minutes=minute)))

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(len(kinds) for kinds in won) == minutes
    keys = [key for _kind, key in scheduled(dsn)]
    assert len(keys) == len(set(keys)) == minutes


def test_the_product_schedule_has_the_digest_and_the_retention_jobs():
    kinds = {entry.kind for entry in SCHEDULE}
    assert {
        JobKindName.DIGEST_SCAN,
        JobKindName.QUEUE_PRUNE,
        JobKindName.DLQ_PURGE,
    } <= kinds
    digest = next(entry for entry in SCHEDULE if entry.kind == JobKindName.DIGEST_SCAN)
    assert digest.period <= timedelta(minutes=1)


@pytest.mark.parametrize(
    ("setting", "environment", "enabled"),
    [
        ("auto", "testing", False),
        ("auto", "production", True),
        ("auto", "development", True),
        ("on", "testing", True),
        ("off", "production", False),
    ],
)
def test_the_scheduler_setting(setting: str, environment: str, enabled: bool):
    assert scheduler_enabled({"SCHEDULER": setting, "JATIFY_ENV": environment}) is enabled


def test_a_database_outage_backs_off_instead_of_failing(dsn: str):
    scheduler = Scheduler(
        "postgresql://nobody@127.0.0.1:9/none?connect_timeout=1",
        poll_seconds=0.1,
        entries=(MINUTELY,),
        clock=lambda: T0,
    )

    scheduler.tick()
    first_backoff = scheduler.backoff
    scheduler.next_pass = 0.0
    scheduler.tick()

    assert first_backoff == 0.5 and scheduler.backoff == 1.0
    working = Scheduler(dsn, poll_seconds=60, entries=(MINUTELY,), clock=lambda: T0)
    working.tick()
    working.tick()  # not due again for a minute
    assert scheduled(dsn) == [("test.noop", "schedule:test.noop:2031-03-03T07:00:00+00:00")]
