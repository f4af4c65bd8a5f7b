"""`flask queue ...` and `flask dlq ...` through Flask's CLI runner."""

from __future__ import annotations

import pytest

from tests.queue.queue_helpers import query


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def cli(*args):
        return runner.invoke(args=list(args))

    return cli


@pytest.fixture
def failed_job(add_job, make_engine, dsn):
    """Fail a job for good; returns its dead letter's id."""
    engine = make_engine()

    def failed_job(kind="test.fail", payload=None):
        job_id = add_job(kind, payload or {"mode": "permanent", "message": "gave up"})
        engine.run(engine.claim())
        return query(dsn, "SELECT id FROM dead_letters WHERE job_id = %s", (str(job_id),))[0]["id"]

    return failed_job


def test_queue_stats_counts_statuses_kinds_and_throughput(cli, add_job, make_engine, failed_job):
    failed_job()
    engine = make_engine()
    add_job()
    engine.run(engine.claim())
    add_job()
    add_job("test.sleep", {"seconds": 1})
    result = cli("queue", "stats")
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.output.splitlines()]
    assert ["done", "test.noop", "1"] in lines
    assert ["pending", "test.noop", "1"] in lines
    assert ["pending", "test.sleep", "1"] in lines
    assert ["failed", "test.fail", "1"] in lines
    assert "oldest available pending job: " in result.output
    assert "done in the last 1 / 5 / 15 min: 1 (0.02/s) / 1 (0.00/s) / 1 (0.00/s)" in result.output


def test_queue_prune_deletes_old_done_jobs_only(cli, add_job, make_engine, dsn):
    engine = make_engine()
    for _ in range(3):
        add_job()
        engine.run(engine.claim())
    pending = add_job()
    old = "UPDATE queue_jobs SET finished_at = now() - interval '8 days' WHERE id IN (%s, %s)"
    done = [row["id"] for row in query(dsn, "SELECT id FROM queue_jobs WHERE status = 'done'")]
    query(dsn, old, tuple(done[:2]))
    result = cli("queue", "prune", "--older-than", "7d")
    assert result.exit_code == 0, result.output
    assert "deleted 2 done jobs" in result.output
    remaining = {row["id"] for row in query(dsn, "SELECT id FROM queue_jobs")}
    assert remaining == {done[2], str(pending)}
    assert cli("queue", "prune", "--older-than", "7 parsecs").exit_code == 2
    assert cli("queue", "prune").exit_code == 2


def test_queue_rescue_sweeps_expired_leases_now(cli, add_job, make_engine, job_row, dsn):
    job_id = add_job()
    make_engine().claim()
    query(dsn, "UPDATE queue_jobs SET lease_expires_at = now() - interval '1 minute'")
    result = cli("queue", "rescue")
    assert result.exit_code == 0, result.output
    assert "rescued 1 jobs to retry, failed 0" in result.output
    assert job_row(job_id)["status"] == "pending"


def test_dlq_list_shows_open_entries_with_filters(cli, failed_job, record_table):
    first = failed_job()
    hooked = failed_job("test.hooked", {"value": 1})
    result = cli("dlq", "list")
    assert result.exit_code == 0, result.output
    assert result.output.index(hooked) < result.output.index(first)
    assert "2 of 2 open dead letters" in result.output
    only = cli("dlq", "list", "--kind", "test.fail", "--limit", "1")
    assert first in only.output and hooked not in only.output
    assert "1 of 1 open dead letters" in only.output


def test_dlq_requeue_by_id_or_all(cli, failed_job, dsn):
    entries = [failed_job() for _ in range(3)]
    result = cli("dlq", "requeue", entries[0])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "requeued 1 of 1"
    result = cli("dlq", "requeue", "--all")
    assert result.exit_code == 0, result.output
    assert "requeued 2 of 2" in result.output
    statuses = query(dsn, "SELECT status, attempts FROM queue_jobs")
    assert statuses == [{"status": "pending", "attempts": 0}] * 3
    assert cli("dlq", "requeue").exit_code == 2
    assert cli("dlq", "requeue", entries[0], "--all").exit_code == 2
    assert cli("dlq", "requeue", "not-a-uuid").exit_code == 2


def test_dlq_delete_removes_the_entry_and_its_job(cli, failed_job, dsn):
    entry = failed_job()
    result = cli("dlq", "delete", entry)
    assert (result.exit_code, result.output.strip()) == (0, f"deleted {entry}")
    assert query(dsn, "SELECT count(*) FROM queue_jobs") == [{"count": 0}]
    again = cli("dlq", "delete", entry)
    assert again.exit_code == 1
    assert f"no dead letter {entry}" in again.output.lower()


def test_dlq_purge_deletes_old_entries_and_their_jobs(cli, failed_job, dsn):
    old, requeued, recent = failed_job(), failed_job(), failed_job()
    cli("dlq", "requeue", requeued)
    aged = "UPDATE dead_letters SET failed_at = now() - interval '31 days' WHERE id IN (%s, %s)"
    query(dsn, aged, (old, requeued))
    result = cli("dlq", "purge", "--older-than", "30d")
    assert result.exit_code == 0, result.output
    assert "deleted 2 dead letters" in result.output
    assert query(dsn, "SELECT id FROM dead_letters") == [{"id": recent}]
    assert query(dsn, "SELECT count(*) FROM queue_jobs") == [{"count": 2}]


def test_every_command_documents_itself(cli):
    for group, commands in (
        ("queue", ("stats", "prune", "rescue")),
        ("dlq", ("list", "requeue", "delete", "purge")),
    ):
        result = cli(group, "--help")
        assert result.exit_code == 0
        for command in commands:
            assert command in result.output
            assert cli(group, command, "--help").exit_code == 0
