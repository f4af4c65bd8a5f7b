"""The lease sweep and the reconnect recovery, in-process."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import REGISTRY

from jatify.queue.rescue import LEASE_EXPIRED, rescue_lost_jobs
from jatify.queue.worker import CONNECTION_LOST, WorkerProcess
from tests.queue.queue_helpers import query


def expire_lease(pg, job_id):
    with pg.cursor() as cursor:
        cursor.execute(
            "UPDATE queue_jobs SET lease_expires_at = now() - interval '1 second' WHERE id = %s",
            (str(job_id),),
        )
    pg.commit()


def test_an_expired_lease_counts_the_attempt_and_requeues_with_backoff(
    pg, connect, add_job, make_engine, job_row, settings
):
    rescued_before = REGISTRY.get_sample_value("jatify_queue_rescued_leases_total") or 0.0
    job_id = add_job("test.sleep", {"seconds": 1}, max_attempts=3)
    make_engine().claim()
    expire_lease(pg, job_id)
    assert rescue_lost_jobs(connect(), settings) == (1, 0)
    assert REGISTRY.get_sample_value("jatify_queue_rescued_leases_total") == rescued_before + 1
    row = job_row(job_id)
    assert (row["status"], row["attempts"], row["locked_by"]) == ("pending", 1, None)
    assert row["errors"][0]["attempt"] == 1
    assert row["errors"][0]["error"] == LEASE_EXPIRED
    assert 0.9 <= (row["run_at"] - datetime.now(UTC)).total_seconds() <= 2.1


def test_a_lost_job_out_of_attempts_goes_to_the_dead_letter_queue(
    pg, connect, add_job, make_engine, job_row, settings, dsn, record_table
):
    job_id = add_job("test.hooked", {"value": 5}, max_attempts=1)
    make_engine().claim()
    expire_lease(pg, job_id)
    assert rescue_lost_jobs(connect(), settings) == (0, 1)
    assert job_row(job_id)["status"] == "failed"
    [letter] = query(dsn, "SELECT * FROM dead_letters")
    assert (letter["attempts"], letter["error"]) == (1, LEASE_EXPIRED)
    assert query(dsn, f"SELECT note FROM {record_table}") == [{"note": f"failed: {LEASE_EXPIRED}"}]


def test_jobs_of_a_dead_worker_are_rescued_before_their_lease_expires(
    connect, add_job, make_engine, job_row, settings
):
    dead, alive = add_job(), add_job()
    make_engine("host:1:dead").claim()
    make_engine("host:2:alive").claim()
    reason = "the worker process killed by signal 9"
    assert rescue_lost_jobs(connect(), settings, {"host:1:dead": reason}) == (1, 0)
    assert job_row(dead)["errors"][0]["error"] == reason
    assert job_row(alive)["status"] == "processing"


def test_a_reconnecting_worker_settles_its_lost_job_and_releases_unseen_claims(
    connect, add_job, make_engine, job_row, settings, app
):
    interrupted, unseen = add_job(), add_job()
    engine = make_engine("host:1:w")
    job = engine.claim()
    engine.claim()  # committed, but the answer never reached the worker
    worker = WorkerProcess(settings, app.config, "host:1:w")
    worker.lost_job = job
    worker._recover(connect())
    row = job_row(interrupted)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["errors"][0]["error"] == CONNECTION_LOST
    row = job_row(unseen)
    assert (row["status"], row["attempts"], row["errors"]) == ("pending", 0, [])
