"""Whatever a handler raises or asks for, its attempt is settled and the worker lives on.

Issue #11, defect 1: a Retry-After of a year parked a job for a year, a larger one
overflowed the timestamp and crashed the worker process, and an error the engine did not
expect (a SystemExit, a message PostgreSQL cannot store, one that cannot be read) escaped
it, so the job's real error was replaced by "lease expired".
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jatify.queue.engine import DEFER_LIMIT_SECONDS
from tests.queue.queue_helpers import query, wait_until

HUGE_SECONDS = 10.0**30

# test.raise's error -> what the job's history and dead letter say.
EXPECTED_ERRORS = {
    "system_exit": "SystemExit: the library gave up",
    "base_exception": "Escaped: not an Exception",
    "nul": "ValueError: bad byte \\x00 in the input",
    "surrogate": "ValueError: bad text \\ud800 in the input",
    "unprintable": "Unprintable (its message could not be read)",
    "retry_after_text": "busy",
}


def seconds_from_now(moment: datetime) -> float:
    return (moment - datetime.now(UTC)).total_seconds()


def dead_letter_errors(dsn: str) -> dict[str, str]:
    rows = query(dsn, "SELECT job_id, error FROM dead_letters")
    return {str(row["job_id"]): row["error"] for row in rows}


def test_a_huge_retry_after_waits_at_most_the_longest_retry_delay(
    add_job, make_engine, job_row, settings
):
    job_id = add_job("test.fail", {"mode": "transient", "retry_after": HUGE_SECONDS})
    engine = make_engine()

    outcome = engine.run(engine.claim())

    assert outcome.status == "retry"
    row = job_row(job_id)
    assert row["status"] == "pending"
    assert 0 < seconds_from_now(row["run_at"]) <= settings.retry_max_seconds


def test_a_huge_defer_is_cut_to_the_defer_limit(add_job, make_engine, job_row):
    job_id = add_job("test.defer", {"seconds": HUGE_SECONDS})
    engine = make_engine()

    assert engine.run(engine.claim()).status == "deferred"
    row = job_row(job_id)
    assert (row["status"], row["attempts"]) == ("pending", 0)
    assert 0 < seconds_from_now(row["run_at"]) <= DEFER_LIMIT_SECONDS


@pytest.mark.parametrize("error", sorted(EXPECTED_ERRORS))
def test_an_unexpected_error_is_retried_then_dead_lettered_with_its_message(
    error, pg, add_job, make_engine, job_row, dsn
):
    job_id = add_job("test.raise", {"error": error}, max_attempts=2)
    engine = make_engine()

    first = engine.run(engine.claim())
    with pg.cursor() as cursor:
        cursor.execute("UPDATE queue_jobs SET run_at = now() WHERE id = %s", (str(job_id),))
    pg.commit()
    second = engine.run(engine.claim())

    assert (first.status, second.status) == ("retry", "failed")
    row = job_row(job_id)
    assert [entry["error"] for entry in row["errors"]] == [EXPECTED_ERRORS[error]] * 2
    assert dead_letter_errors(dsn) == {str(job_id): EXPECTED_ERRORS[error]}


@pytest.mark.slow
def test_a_worker_process_survives_every_unexpected_error(start_worker, add_job, job_row, dsn):
    worker = start_worker(processes=1)
    huge = add_job(
        "test.fail",
        {"mode": "transient", "retry_after": HUGE_SECONDS, "message": "slow down"},
        max_attempts=2,
    )
    raised = {
        add_job("test.raise", {"error": name}, max_attempts=1): name for name in EXPECTED_ERRORS
    }

    # The capped delay is QUEUE_RETRY_MAX_SECONDS (0.5 s here), not 10**30 s.
    wait_until(lambda: job_row(huge)["status"] == "failed", timeout=20)
    wait_until(lambda: all(job_row(job)["status"] == "failed" for job in raised), timeout=20)

    letters = dead_letter_errors(dsn)
    assert letters[str(huge)] == "slow down"
    assert [entry["error"] for entry in job_row(huge)["errors"]] == ["slow down"] * 2
    for job, name in raised.items():
        assert letters[str(job)] == EXPECTED_ERRORS[name]
    after = add_job()
    wait_until(lambda: job_row(after)["status"] == "done", timeout=10)
    assert "respawning" not in worker.log()
    assert "lease expired" not in worker.log()
