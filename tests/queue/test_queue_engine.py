"""The engine in-process: claim order, conditional finish, retries, failures, defers."""

from __future__ import annotations

import signal
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY

from jatify.queue.attempts import retry_delay_seconds
from jatify.queue.engine import DEFER_LIMIT_SECONDS
from tests.queue.queue_helpers import query


def seconds_from_now(moment):
    return (moment - datetime.now(UTC)).total_seconds()


def make_available(pg, job_id):
    with pg.cursor() as cursor:
        cursor.execute("UPDATE queue_jobs SET run_at = now() WHERE id = %s", (str(job_id),))
    pg.commit()


def dead_letters(dsn):
    return query(dsn, "SELECT * FROM dead_letters ORDER BY failed_at")


def test_claims_the_oldest_available_job_first_and_skips_delayed_ones(add_job, make_engine):
    later = add_job(run_at=datetime.now(UTC) + timedelta(hours=1))
    first = add_job(run_at=datetime.now(UTC) - timedelta(seconds=2))
    second = add_job()
    engine, other = make_engine("host:1:a"), make_engine("host:2:b")
    claimed = [engine.claim(), other.claim(), engine.claim()]
    assert [str(first), str(second)] == [job.id for job in claimed[:2]]
    assert claimed[2] is None
    assert later not in {job.id for job in claimed[:2]}


def test_claim_starts_a_lease_and_counts_the_attempt(add_job, make_engine, job_row, settings):
    job_id = add_job()
    job = make_engine("host:1:a").claim()
    row = job_row(job_id)
    assert (row["status"], row["attempts"], row["locked_by"]) == ("processing", 1, "host:1:a")
    assert 25 < seconds_from_now(row["lease_expires_at"]) <= settings.lease_seconds
    assert job.attempt == 1


def test_the_handlers_writes_commit_with_the_finish(
    add_job, make_engine, job_row, dsn, record_table
):
    job_id = add_job("test.record", {"value": 7})
    engine = make_engine()
    outcome = engine.run(engine.claim())
    assert outcome.status == "done"
    row = job_row(job_id)
    assert (row["status"], row["locked_by"], row["lease_expires_at"]) == ("done", None, None)
    assert row["finished_at"] is not None
    assert query(dsn, f"SELECT job_id, value FROM {record_table}") == [
        {"job_id": str(job_id), "value": 7}
    ]


def test_a_lost_lease_rolls_back_the_handlers_writes(
    pg, add_job, make_engine, job_row, dsn, record_table
):
    job_id = add_job("test.record", {"value": 7})
    engine = make_engine()
    job = engine.claim()
    with pg.cursor() as cursor:  # the rescuer and another worker took the job over
        cursor.execute(
            "UPDATE queue_jobs SET locked_by = 'thief', attempts = 2 WHERE id = %s", (job.id,)
        )
    pg.commit()
    assert engine.run(job).status == "lost"
    assert query(dsn, f"SELECT * FROM {record_table}") == []
    assert job_row(job_id)["locked_by"] == "thief"


def test_transient_errors_back_off_exponentially_and_keep_every_error(
    pg, add_job, make_engine, job_row, dsn
):
    job_id = add_job("test.fail", {"mode": "transient", "message": "upstream 503"}, max_attempts=3)
    engine = make_engine()
    expected_ranges = [(1, 2), (2, 4)]
    for attempt, (low, high) in enumerate(expected_ranges, start=1):
        outcome = engine.run(engine.claim())
        assert outcome.status == "retry"
        row = job_row(job_id)
        assert (row["status"], row["attempts"], row["locked_by"]) == ("pending", attempt, None)
        assert low - 0.5 <= seconds_from_now(row["run_at"]) <= high + 0.1
        assert engine.claim() is None  # not available before its backoff
        make_available(pg, job_id)
    assert engine.run(engine.claim()).status == "failed"
    row = job_row(job_id)
    assert (row["status"], row["attempts"]) == ("failed", 3)
    assert [entry["attempt"] for entry in row["errors"]] == [1, 2, 3]
    assert {entry["error"] for entry in row["errors"]} == {"upstream 503"}
    assert all(datetime.fromisoformat(entry["at"]) for entry in row["errors"])
    [letter] = dead_letters(dsn)
    assert (letter["job_id"], letter["kind"], letter["attempts"]) == (str(job_id), "test.fail", 3)
    assert letter["error"] == "upstream 503"


def test_retry_after_is_honoured(add_job, make_engine, job_row):
    job_id = add_job("test.fail", {"mode": "transient", "retry_after": 30})
    engine = make_engine()
    engine.run(engine.claim())
    assert 29 <= seconds_from_now(job_row(job_id)["run_at"]) <= 30.1


def test_backoff_is_jittered_and_capped(settings):
    delays = {retry_delay_seconds(3, settings) for _ in range(50)}
    assert all(4 <= delay <= 8 for delay in delays) and len(delays) > 1
    assert all(30 <= retry_delay_seconds(20, settings) <= 60 for _ in range(20))
    assert retry_delay_seconds(1, settings, retry_after_seconds=50) == 50


def test_permanent_errors_fail_at_once_with_a_dead_letter(
    register, add_job, make_engine, job_row, dsn
):
    user = register()
    job_id = add_job("test.fail", {"mode": "permanent", "message": "HTTP 401"}, user_id=user["id"])
    engine = make_engine()
    assert engine.run(engine.claim()).status == "failed"
    row = job_row(job_id)
    assert (row["status"], row["attempts"], row["finished_at"] is not None) == ("failed", 1, True)
    [letter] = dead_letters(dsn)
    assert (letter["user_id"], letter["error"], letter["attempts"]) == (user["id"], "HTTP 401", 1)
    assert letter["requeued_at"] is None


def test_on_failed_runs_in_the_failing_transaction(add_job, make_engine, dsn, record_table):
    add_job("test.hooked", {"value": 1, "message": "no text"})
    engine = make_engine()
    engine.run(engine.claim())
    notes = query(dsn, f"SELECT value, note FROM {record_table}")
    assert notes == [{"value": 1, "note": "failed: no text"}]


def test_a_broken_on_failed_hook_cannot_keep_a_job_alive(
    add_job, make_engine, job_row, dsn, record_table
):
    job_id = add_job("test.hooked", {"value": 1, "broken_hook": True})
    engine = make_engine()
    assert engine.run(engine.claim()).status == "failed"
    assert job_row(job_id)["status"] == "failed"
    assert len(dead_letters(dsn)) == 1
    assert query(dsn, f"SELECT * FROM {record_table}") == []


def test_unexpected_exceptions_are_transient_and_named(add_job, make_engine, job_row):
    job_id = add_job("test.record", {"value": 1})  # no record table: the INSERT fails
    engine = make_engine()
    assert engine.run(engine.claim()).status == "retry"
    [entry] = job_row(job_id)["errors"]
    assert entry["error"].startswith("UndefinedTable: ")


def test_an_unknown_kind_fails_permanently(pg, make_engine, job_row):
    with pg.cursor() as cursor:
        cursor.execute("INSERT INTO queue_jobs (kind) VALUES ('gone.kind') RETURNING id")
        job_id = cursor.fetchone()[0]
    pg.commit()
    engine = make_engine()
    assert engine.run(engine.claim()).status == "failed"
    assert job_row(job_id)["errors"][0]["error"] == "unknown job kind 'gone.kind'"


def test_defer_does_not_spend_attempts(pg, add_job, make_engine, job_row):
    job_id = add_job("test.defer", {"seconds": 10}, max_attempts=1)
    engine = make_engine()
    for _ in range(3):
        assert engine.run(engine.claim()).status == "deferred"
        row = job_row(job_id)
        assert (row["status"], row["attempts"], row["errors"]) == ("pending", 0, [])
        assert 9 <= seconds_from_now(row["run_at"]) <= 10.1
        make_available(pg, job_id)


def test_deferring_for_too_long_fails_the_job(pg, add_job, make_engine, job_row, dsn):
    job_id = add_job("test.defer", {"seconds": 10})
    with pg.cursor() as cursor:
        cursor.execute(
            "UPDATE queue_jobs SET created_at = now() - make_interval(secs => %s) WHERE id = %s",
            (DEFER_LIMIT_SECONDS + 1, str(job_id)),
        )
    pg.commit()
    engine = make_engine()
    assert engine.run(engine.claim()).status == "failed"
    assert job_row(job_id)["status"] == "failed"
    assert dead_letters(dsn)[0]["error"].startswith("deferred for more than")


@pytest.fixture
def restore_sigalrm():
    previous = signal.getsignal(signal.SIGALRM)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_a_hung_handler_is_stopped_by_its_timeout(
    add_job, make_engine, job_row, settings, restore_sigalrm
):
    job_id = add_job("test.sleep", {"seconds": 30})
    engine = make_engine(settings=replace(settings, job_timeout_seconds=0.3), hard_timeouts=True)
    started = time.monotonic()
    assert engine.run(engine.claim()).status == "retry"
    assert time.monotonic() - started < 2
    row = job_row(job_id)
    assert (row["status"], row["errors"][0]["error"]) == ("pending", "the job exceeded its timeout")


def test_settled_attempts_are_counted_in_the_metrics(add_job, make_engine):
    def sample(name, **labels):
        return REGISTRY.get_sample_value(name, labels) or 0.0

    finished = {"kind": "test.fail", "outcome": "failed"}
    before = (
        sample("jatify_queue_jobs_finished_total", **finished),
        sample("jatify_queue_dead_letters_total", kind="test.fail"),
        sample("jatify_queue_job_duration_seconds_count", kind="test.fail"),
    )
    add_job("test.fail", {"mode": "permanent", "message": "HTTP 401"})
    engine = make_engine()
    engine.run(engine.claim())
    after = (
        sample("jatify_queue_jobs_finished_total", **finished),
        sample("jatify_queue_dead_letters_total", kind="test.fail"),
        sample("jatify_queue_job_duration_seconds_count", kind="test.fail"),
    )
    assert [b - a for a, b in zip(before, after, strict=True)] == [1.0, 1.0, 1.0]
