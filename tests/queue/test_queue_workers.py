"""Real `python worker.py` processes against the real database: crashes, restarts, signals."""

from __future__ import annotations

import os
import signal
import statistics
import time

import pytest

from jatify.development import embedded_db
from jatify.queue import enqueue_psycopg
from jatify.queue.rescue import LEASE_EXPIRED
from tests.queue.queue_helpers import query, wait_until

pytestmark = pytest.mark.slow


def status_counts(dsn):
    rows = query(dsn, "SELECT status, count(*) FROM queue_jobs GROUP BY status")
    return {row["status"]: row["count"] for row in rows}


def wait_for_status(job_row, job_id, status, timeout=15):
    return wait_until(lambda: (row := job_row(job_id))["status"] == status and row, timeout)


def worker_pid(row):
    """The pid in a job's locked_by (host:pid:token)."""
    return int(row["locked_by"].split(":")[-2])


def test_many_workers_run_every_job_exactly_once(start_worker, pg, dsn, record_table):
    start_worker(processes=4)
    with pg.cursor() as cursor:
        for batch in range(20):
            for value in range(batch * 100, batch * 100 + 100):
                enqueue_psycopg(cursor, "test.record", {"value": value})
            pg.commit()
    wait_until(lambda: status_counts(dsn) == {"done": 2000}, timeout=60, interval=0.2)
    records = query(
        dsn, f"SELECT count(*), count(DISTINCT job_id) AS jobs, sum(value) FROM {record_table}"
    )
    assert records == [{"count": 2000, "jobs": 2000, "sum": sum(range(2000))}]
    attempts = query(dsn, "SELECT max(attempts), min(attempts) FROM queue_jobs")
    assert attempts == [{"max": 1, "min": 1}]


def test_a_worker_killed_mid_job_has_its_job_rescued(start_worker, add_job, job_row):
    worker = start_worker(processes=2)
    job_id = add_job("test.sleep", {"seconds": 1})
    row = wait_for_status(job_row, job_id, "processing")
    os.kill(worker_pid(row), signal.SIGKILL)
    row = wait_for_status(job_row, job_id, "done")
    assert row["attempts"] == 2
    assert row["errors"][0]["error"] == "the worker process killed by signal 9"
    assert "respawning" in worker.log()


def test_a_vanished_workers_job_is_rescued_when_its_lease_expires(start_worker, add_job, job_row):
    gone = start_worker(processes=1, QUEUE_LEASE_SECONDS=1)
    job_id = add_job("test.sleep", {"seconds": 0.5})
    wait_for_status(job_row, job_id, "processing")
    gone.kill_all()  # supervisor and worker: nobody is left to notice
    killed_at = time.time()
    start_worker(processes=1, QUEUE_LEASE_SECONDS=1)
    row = wait_for_status(job_row, job_id, "done")
    assert row["attempts"] == 2
    assert row["errors"][0]["error"] == LEASE_EXPIRED
    assert row["errors"][0]["attempt"] == 1
    assert row["started_at"].timestamp() > killed_at


def test_a_job_that_kills_its_worker_every_time_ends_in_the_dlq(
    start_worker, add_job, job_row, dsn
):
    worker = start_worker(processes=1)
    job_id = add_job("test.crash", max_attempts=3)
    row = wait_for_status(job_row, job_id, "failed", timeout=20)
    assert row["attempts"] == 3
    assert [entry["attempt"] for entry in row["errors"]] == [1, 2, 3]
    [letter] = query(dsn, "SELECT * FROM dead_letters")
    assert (letter["job_id"], letter["attempts"]) == (str(job_id), 3)
    assert "respawning in 0.5 s" in worker.log()
    assert "respawning in 1.0 s" in worker.log()  # backoff while it crash-loops
    after = add_job()
    wait_for_status(job_row, after, "done", timeout=10)


def test_workers_survive_a_database_restart(
    start_worker, connect, pg, dsn, pg_data_dir, record_table
):
    if pg_data_dir is None:
        pytest.skip("TEST_DATABASE_URL is set: no embedded server of ours to restart")
    worker = start_worker(processes=2)
    with pg.cursor() as cursor:
        for value in range(150):
            enqueue_psycopg(cursor, "test.sleep", {"seconds": 0.02})
            enqueue_psycopg(cursor, "test.record", {"value": value})
    pg.commit()
    pg.close()
    wait_until(lambda: status_counts(dsn).get("done", 0) >= 20, timeout=10)
    embedded_db.pg_ctl(pg_data_dir, "restart", "-m", "fast")
    wait_until(lambda: status_counts(dsn) == {"done": 300}, timeout=60, interval=0.2)
    records = query(dsn, f"SELECT count(*), count(DISTINCT job_id) AS jobs FROM {record_table}")
    assert records == [{"count": 150, "jobs": 150}]
    log = worker.log()
    assert "lost its database connection" in log
    assert "respawning" not in log  # the workers reconnected; none crashed
    after = connect()
    with after.cursor() as cursor:
        enqueue_psycopg(cursor, "test.noop", {})
    after.commit()
    wait_until(lambda: status_counts(dsn) == {"done": 301}, timeout=10)


def test_an_idle_worker_starts_a_new_job_within_milliseconds(start_worker, pg, job_row):
    start_worker(processes=2, WORKER_POLL_SECONDS=30)
    latencies = []
    for _ in range(10):
        with pg.cursor() as cursor:
            job_id, _ = enqueue_psycopg(cursor, "test.noop", {})
        pg.commit()
        committed = time.time()
        row = wait_for_status(job_row, job_id, "done", timeout=5)
        latencies.append(row["started_at"].timestamp() - committed)
    assert statistics.median(latencies) < 0.05, latencies
    assert max(latencies) < 0.5, latencies


def test_without_notifications_an_idle_worker_still_polls(start_worker, dsn, job_row):
    start_worker(processes=1, WORKER_POLL_SECONDS=1)
    [row] = query(dsn, "INSERT INTO queue_jobs (kind) VALUES ('test.noop') RETURNING id")
    wait_for_status(job_row, row["id"], "done", timeout=3)


def test_sigterm_lets_the_running_job_finish_and_claims_nothing_more(
    start_worker, add_job, job_row
):
    worker = start_worker(processes=1)
    running = add_job("test.sleep", {"seconds": 1})
    wait_for_status(job_row, running, "processing")
    waiting = add_job()
    started = time.monotonic()
    worker.signal(signal.SIGTERM)
    assert worker.process.wait(timeout=10) == 0
    assert time.monotonic() - started < 5
    row = job_row(running)
    assert (row["status"], row["attempts"]) == ("done", 1)
    row = job_row(waiting)
    assert (row["status"], row["attempts"]) == ("pending", 0)


def test_a_job_outliving_the_shutdown_grace_is_killed_and_requeued(start_worker, add_job, job_row):
    worker = start_worker(processes=1, WORKER_SHUTDOWN_GRACE=1)
    job_id = add_job("test.sleep", {"seconds": 30})
    wait_for_status(job_row, job_id, "processing")
    worker.signal(signal.SIGTERM)
    assert worker.process.wait(timeout=10) == 0
    row = job_row(job_id)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["errors"][0]["error"] == "the worker was killed at shutdown after the grace period"


def test_the_heartbeat_keeps_a_long_jobs_lease(start_worker, add_job, job_row):
    start_worker(processes=1, QUEUE_LEASE_SECONDS=1)
    job_id = add_job("test.sleep", {"seconds": 2.5})
    row = wait_for_status(job_row, job_id, "done", timeout=10)
    assert (row["attempts"], row["errors"]) == (1, [])


def test_the_supervisor_kills_a_job_stuck_past_its_timeout(start_worker, add_job, job_row, dsn):
    worker = start_worker(processes=1, QUEUE_JOB_TIMEOUT_SECONDS=1)
    job_id = add_job("test.sleep", {"seconds": 30, "uninterruptible": True}, max_attempts=1)
    row = wait_for_status(job_row, job_id, "failed", timeout=10)
    message = "the job exceeded its timeout; its worker was killed"
    assert row["errors"][0]["error"] == message
    assert query(dsn, "SELECT error FROM dead_letters") == [{"error": message}]
    assert "job past its timeout, killing pid" in worker.log()
